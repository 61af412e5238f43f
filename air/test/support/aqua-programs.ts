// Aqua programs covering the language's control flow, with one service they all use; compiled in the tests.

export const SERVICE = `
service Store("store"):
  get() -> string
  getAll() -> []string
  count() -> u32
  put(value: string)
`;

export const PROGRAMS: Record<string, string> = {
  sequenceAndPar: `
func f() -> string:
  x <- Store.get()
  par Store.put(x)
  Store.put(x)
  <- x
`,
  tryCatch: `
func f() -> string:
  res: *string
  try:
    res <- Store.get()
  catch e:
    res <<- e.message
  <- res!
`,
  ifElse: `
func f() -> string:
  n <- Store.count()
  res: *string
  if n == 3:
    res <<- "three"
  else:
    res <<- "other"
  <- res!
`,
  remotePeers: `
func f(peer: string, relay: string) -> string:
  on peer via relay:
    x <- Store.get()
  <- x
`,
  forParJoin: `
func f() -> []string:
  names <- Store.getAll()
  res: *string
  for n <- names par:
    res <- Store.get()
  join res[names.length - 1]
  <- res
`,
  forSequential: `
func f() -> []string:
  names <- Store.getAll()
  res: *string
  for n <- names:
    Store.put(n)
    res <<- n
  <- res
`,
  coAndOtherwise: `
func f() -> string:
  res: *string
  co res <- Store.get()
  try:
    x <- Store.get()
    res <<- x
  otherwise:
    res <<- "fallback"
  <- res!
`,
  parallelPeers: `
func f(peers: []string) -> []string:
  res: *string
  for p <- peers par:
    on p:
      res <- Store.get()
  join res[peers.length - 1]
  <- res
`,
  nestedCalls: `
func g(x: string) -> string:
  Store.put(x)
  <- x

func f() -> string:
  a <- Store.get()
  b <- g(a)
  <- b
`,
  options: `
func f(maybe: ?string) -> string:
  res: *string
  if maybe.length > 0:
    res <<- maybe!
  else:
    res <- Store.get()
  <- res!
`,
};
