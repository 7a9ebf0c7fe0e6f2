// Share links: the block's code, deflated and base64url-encoded into the URL fragment (never sent to a server):
// /chapters/x/#share=<block id>.<payload>[.<control values payload>]. Loaded on demand, so fflate costs nothing until someone shares.
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";

const PARAM = "share=";

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function encodeCode(code: string): string {
  return toBase64Url(deflateSync(strToU8(code), { level: 9 }));
}

/** The code in a payload, or undefined if the payload is damaged. */
export function decodeCode(payload: string): string | undefined {
  try {
    return strFromU8(inflateSync(fromBase64Url(payload)));
  } catch {
    return undefined;
  }
}

/** The link that opens `pageUrl` with `code` (and the reader's control values, if any) loaded into block `blockId`. */
export function shareUrl(pageUrl: string, blockId: string, code: string, controls: Record<string, unknown> = {}): string {
  const url = new URL(pageUrl);
  const values = Object.keys(controls).length ? `.${encodeCode(JSON.stringify(controls))}` : "";
  url.hash = `${PARAM}${blockId}.${encodeCode(code)}${values}`;
  return url.href;
}

/** The shared block and code in a URL fragment such as "#share=block-2.eNpL…", if any. */
export function readShareFragment(hash: string): { blockId: string; code: string; controls?: unknown } | undefined {
  const match = new RegExp(`^#${PARAM}([A-Za-z][\\w-]*)\\.([\\w-]+)(?:\\.([\\w-]+))?$`).exec(hash);
  if (!match) return undefined;
  const code = decodeCode(match[2]);
  if (code === undefined) return undefined;
  const values = match[3] === undefined ? undefined : decodeCode(match[3]);
  let controls: unknown;
  try {
    controls = values === undefined ? undefined : JSON.parse(values);
  } catch {
    controls = undefined; // damaged values: the code still loads, the controls keep their defaults
  }
  return { blockId: match[1], code, ...(controls === undefined ? {} : { controls }) };
}
