// The public surface of "gradflow". Everything a code block can import is exported here, and nothing else.
export {};
export { plot, table, progress } from "./plot";
