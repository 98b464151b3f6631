import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { ViperError } from "../../errors/index.ts";
import { publicAddressesOnly, type AddressPolicy } from "./address-policy.ts";

/** Limits on fetching a remote image. */
export interface RemoteImageOptions {
  /** Largest image accepted, in bytes. @defaultValue 20 MiB */
  readonly maxBytes?: number;
  /** Deadline for the whole download, redirects included, in milliseconds. @defaultValue 10_000 */
  readonly timeoutMs?: number;
  /** Redirects followed, each checked like the first URL. @defaultValue 3 */
  readonly maxRedirects?: number;
  /** Which resolved addresses may be contacted. @defaultValue public unicast addresses only */
  readonly addressPolicy?: AddressPolicy;
  /** Cancels the download. */
  readonly signal?: AbortSignal;
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Downloads an http(s) image with a size cap and a deadline. Every hop (the URL and each redirect) is
 * checked at connection time: the address the socket actually connects to must pass `addressPolicy`, so a
 * name that resolves (or re-resolves) to a private or loopback address is refused.
 * @throws ViperError IMAGE_REFUSED (scheme, address, too many redirects) or IMAGE_INVALID (unreachable,
 * HTTP error, too large, too slow).
 */
export async function fetchRemoteImage(url: string, options: RemoteImageOptions = {}): Promise<Uint8Array> {
  const { maxBytes = DEFAULT_MAX_BYTES, timeoutMs = 10_000, maxRedirects = 3, addressPolicy = publicAddressesOnly } = options;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let current = parseUrl(url);
  for (let hop = 0; ; hop++) {
    const response = await get(current, addressPolicy, signal, timeoutMs);
    const location = response.headers.location;
    if (response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
      response.resume();
      if (hop >= maxRedirects) throw refused(url, `it redirects more than ${maxRedirects} times`);
      current = parseUrl(new URL(location, current).href);
      continue;
    }
    if (response.statusCode !== 200) {
      response.resume();
      throw invalid(url, `the server answered HTTP ${response.statusCode}`);
    }
    const declared = Number(response.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      response.destroy();
      throw invalid(url, `it is ${declared} bytes, more than the ${maxBytes}-byte limit for remote images`);
    }
    return readCapped(response, { url, maxBytes, timeoutMs, signal });
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new ViperError({ code: "IMAGE_INVALID", message: `Cannot use image ${text}: it is not a valid URL.`, details: { image: text }, cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw refused(text, `only http and https URLs are fetched, not ${url.protocol}`);
  if (url.username !== "" || url.password !== "") throw refused(text, "URLs with credentials are not fetched");
  return url;
}

function get(url: URL, addressPolicy: AddressPolicy, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An address literal is connected to without a lookup, so it is checked here; names are checked in lookup.
  if (isIP(host) !== 0 && !addressPolicy(host)) return Promise.reject(refused(url.href, `${host} is not a public address`));
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 4);
      const blocked = addresses.find((entry) => !addressPolicy(entry.address));
      if (blocked !== undefined) return callback(refused(url.href, `${hostname} resolves to ${blocked.address}, which is not a public address`), "", 4);
      if (lookupOptions.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      return callback(null, first!.address, first!.family);
    });
  };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { method: "GET", lookup, signal, headers: { accept: "image/*", "user-agent": "viper-ts" } }, resolve);
    request.on("error", (error) => reject(ViperError.isInstance(error) ? error : downloadError(url.href, error, signal, timeoutMs)));
    request.end();
  });
}

async function readCapped(response: IncomingMessage, context: { url: string; maxBytes: number; timeoutMs: number; signal: AbortSignal }): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response) {
      total += (chunk as Buffer).byteLength;
      if (total > context.maxBytes) {
        response.destroy();
        throw invalid(context.url, `it is more than the ${context.maxBytes}-byte limit for remote images`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (ViperError.isInstance(error)) throw error;
    throw downloadError(context.url, error, context.signal, context.timeoutMs);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function downloadError(url: string, error: unknown, signal: AbortSignal, timeoutMs: number): ViperError {
  if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name === "TimeoutError") {
    return invalid(url, `the download took longer than ${timeoutMs} ms`, error);
  }
  if (signal.aborted && ViperError.isInstance(signal.reason)) return signal.reason;
  return invalid(url, `the download failed (${error instanceof Error ? error.message : String(error)})`, error);
}

function refused(url: string, why: string): ViperError {
  return new ViperError({ code: "IMAGE_REFUSED", message: `Refused to fetch image ${url}: ${why}.`, details: { image: url } });
}

function invalid(url: string, why: string, cause?: unknown): ViperError {
  return new ViperError({ code: "IMAGE_INVALID", message: `Cannot use image ${url}: ${why}.`, details: { image: url }, cause });
}
