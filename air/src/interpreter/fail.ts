// `fail`: raises an error object of the script's own (a code and a message, or an object it holds), or throws
// again the error an enclosing `xor` caught.
import type { Json } from "../data/cid.ts";
import type { Instruction } from "../parser/ast.ts";
import { displayInstruction } from "../parser/display.ts";
import { type Context, joinable } from "./context.ts";
import { CatchableError, ErrorCode, type ErrorObject, message } from "./errors.ts";
import { resolve } from "./resolve.ts";
import { isObject } from "./values.ts";

/** The value as an error object: an object with a non-zero integer `error_code` and a string `message`. */
function errorObject(json: Json): ErrorObject {
  const invalid = (text: string) => new CatchableError(ErrorCode.INVALID_ERROR_OBJECT, text);
  const { errorObject: m } = message;
  // AquaVM's checks, in its order
  if (!isObject(json)) throw invalid(m.notAnObject(json));
  if (!Object.hasOwn(json, "error_code")) throw invalid(m.missingField(json, "error_code"));
  if (!Number.isInteger(json.error_code)) throw invalid(m.wrongType(json, "error_code", "integer"));
  if (json.error_code === 0) throw invalid(m.zeroCode());
  if (!Object.hasOwn(json, "message")) throw invalid(m.missingField(json, "message"));
  if (typeof json.message !== "string") throw invalid(m.wrongType(json, "message", "string"));
  return json as ErrorObject;
}

export function fail(ctx: Context, instruction: Extract<Instruction, { kind: "fail" }>) {
  const { failure } = instruction;
  let object: ErrorObject;
  let tetraplet = ctx.literalTetraplet();
  if (failure.kind === "literal") {
    object = {
      error_code: failure.code,
      message: failure.message,
      instruction: displayInstruction(instruction),
      peer_id: ctx.params.initPeerId,
    };
  } else if (failure.value.kind === "error") {
    object = errorObject(ctx.error.object);
    if (ctx.caught) {
      ctx.lastError = ctx.error;
      ctx.lastErrorSettable = false;
      ctx.errorSettable = false;
      ctx.complete = false;
      throw ctx.caught;
    }
  } else if (failure.value.kind === "lastError") {
    object = errorObject(ctx.lastError.object);
    tetraplet = ctx.lastError.tetraplet;
  } else {
    const value = failure.value;
    const resolved = joinable(ctx, () => resolve(ctx, value));
    if (!resolved) return;
    object = errorObject(resolved.json);
    tetraplet = resolved.tetraplet;
  }
  ctx.lastError = { object, tetraplet };
  ctx.lastErrorSettable = false;
  ctx.complete = false;
  throw new CatchableError(ErrorCode.USER_ERROR, message.userError(object), object);
}
