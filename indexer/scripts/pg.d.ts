// pg 8 ships no type declarations (and @types/pg is not installed): the part of its API this workspace uses.
declare module "pg" {
  class Client {
    constructor(config: { connectionString: string });
    connect(): Promise<void>;
    query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
    escapeIdentifier(name: string): string;
    end(): Promise<void>;
  }
  const pg: { Client: typeof Client };
  export default pg;
}
