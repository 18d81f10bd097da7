/** Byte helpers shared by the PDF, CMS and PKCS#12 code. */

/** A fresh ArrayBuffer holding exactly these bytes (Web Crypto and pkijs want ArrayBuffer, not a view of a shared one). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
