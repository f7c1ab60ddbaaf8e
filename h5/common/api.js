// JSON over fetch for the H5 pages: every failure becomes an ApiError with a message in plain words,
// so no page ever shows raw JSON or a stack trace. Requests ask for the page's language, so the
// server's own messages come back in it.
import { plainMessage } from "./messages.js";
import { LANGUAGE, t } from "./strings.js";

/** The headers every request of the page carries (the page's language). */
export const LANGUAGE_HEADERS = { "Accept-Language": LANGUAGE };

export class ApiError extends Error {
  constructor({ status = 0, code = "network", message, fields = {}, extra = {} }) {
    super(message);
    Object.assign(this, { status, code, fields, extra });
  }
}

export async function api(path, { method = "GET", body, token, headers = {}, form } = {}) {
  const init = { method, headers: { Accept: "application/json", ...LANGUAGE_HEADERS, ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (form) init.body = form;
  else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError({ code: "network", message: plainMessage({ code: "network" }) });
  }
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (res.ok) return data;
  const err = (data && data.error) || {};
  const { code = `http_${res.status}`, message = "", fields = {}, ...extra } = err;
  if (!extra.retry_after && res.headers.get("Retry-After")) extra.retry_after = Number(res.headers.get("Retry-After"));
  throw new ApiError({ status: res.status, code, fields, extra,
                       message: plainMessage({ status: res.status, code, message, extra }) });
}

// Images behind the signer's bearer token: fetched as blobs, shown through object URLs.
export async function imageUrl(path, token) {
  let res;
  try {
    res = await fetch(path, { headers: token ? { ...LANGUAGE_HEADERS, Authorization: `Bearer ${token}` } : LANGUAGE_HEADERS });
  } catch {
    throw new ApiError({ code: "network", message: plainMessage({ code: "network" }) });
  }
  if (!res.ok) throw new ApiError({ status: res.status, code: `http_${res.status}`, message: t("error.image") });
  return URL.createObjectURL(await res.blob());
}
