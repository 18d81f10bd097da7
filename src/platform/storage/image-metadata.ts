/**
 * Photo metadata removal for uploads (issue 13.8): a JPEG, PNG or WebP loses every metadata
 * block — EXIF (camera, serial numbers, dates, the embedded thumbnail), XMP, IPTC, comments,
 * PNG text chunks — except the EXIF orientation, and the GPS position when the sender agreed
 * to keep it. The pixels are not decoded or re-encoded: segments and chunks are copied as they
 * are, so the photo keeps its quality and the work is a walk over the file's structure.
 *
 * Formats: JPEG (ITU T.81 markers; EXIF in APP1 "Exif\0\0", XMP in APP1, IPTC in APP13, ICC
 * in APP2 is kept for colour), PNG (ISO/IEC 15948 chunks; eXIf per the PNG 1.5 extensions),
 * WebP (RIFF; EXIF and "XMP " chunks with the VP8X flags). EXIF is TIFF 6.0: IFD0's
 * Orientation (0x0112) and GPSInfo (0x8825) pointer; the GPS IFD is copied entry by entry.
 */
import { crc32 } from 'node:zlib';
import { DomainError, registerErrors } from '../errors.ts';

registerErrors({
  IMAGE_INVALID: { status: 400, vi: 'Ảnh bị hỏng hoặc không đọc được. Vui lòng chọn ảnh khác.' },
});

export type ImageKind = 'jpeg' | 'png' | 'webp';

export interface CleanedImage {
  bytes: Uint8Array;
  /** EXIF orientation (1–8) when the photo had one; it is kept. */
  orientation?: number;
  /** Where the photo says it was taken (decimal degrees), whether or not it was kept. */
  location?: { lat: number; lng: number };
  /** The GPS block is in the cleaned photo (the sender agreed and there was one). */
  locationKept: boolean;
}

const invalid = () => new DomainError('IMAGE_INVALID');

// ---- EXIF (TIFF) -------------------------------------------------------------------------

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
/** Bytes per element for byte-order conversion (a rational is two longs). */
const UNIT: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 4, 6: 1, 7: 1, 8: 2, 9: 4, 10: 4, 11: 4, 12: 8 };

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** The value in little-endian order. */
  value: Uint8Array;
}

interface Exif {
  orientation?: number;
  gps: Entry[];
}

function readExif(tiff: Uint8Array): Exif {
  if (tiff.length < 8) throw invalid();
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0] ?? 0, tiff[1] ?? 0);
  if (order !== 'II' && order !== 'MM') throw invalid();
  const le = order === 'II';
  const u16 = (o: number) => view.getUint16(o, le);
  const u32 = (o: number) => view.getUint32(o, le);
  const entries = (offset: number): Entry[] => {
    if (offset + 2 > tiff.length) throw invalid();
    const n = u16(offset);
    if (offset + 2 + n * 12 > tiff.length || n > 1000) throw invalid();
    const out: Entry[] = [];
    for (let i = 0; i < n; i++) {
      const at = offset + 2 + i * 12;
      const type = u16(at + 2);
      const size = TYPE_SIZE[type];
      if (!size) continue;
      const count = u32(at + 4);
      const length = size * count;
      const start = length <= 4 ? at + 8 : u32(at + 8);
      if (length > 65536 || start + length > tiff.length) throw invalid();
      const value = tiff.slice(start, start + length);
      // To little-endian, element by element.
      const unit = UNIT[type] ?? 1;
      if (!le && unit > 1) for (let j = 0; j < length; j += unit) value.subarray(j, j + unit).reverse();
      out.push({ tag: u16(at), type, count, value });
    }
    return out;
  };
  const ifd0 = entries(u32(4));
  const exif: Exif = { gps: [] };
  const orientation = ifd0.find((e) => e.tag === 0x0112 && e.type === 3);
  if (orientation) {
    const o = (orientation.value[0] ?? 0) | ((orientation.value[1] ?? 0) << 8);
    if (o >= 1 && o <= 8) exif.orientation = o;
  }
  const gps = ifd0.find((e) => e.tag === 0x8825 && (e.type === 4 || e.type === 13));
  if (gps) {
    const offset = new DataView(gps.value.buffer, gps.value.byteOffset, 4).getUint32(0, true);
    exif.gps = entries(offset);
  }
  return exif;
}

/** Decimal degrees from the GPS IFD (latitude 0x1/0x2, longitude 0x3/0x4), if complete. */
function locationOf(gps: Entry[]): { lat: number; lng: number } | undefined {
  const ref = (tag: number) => String.fromCharCode(gps.find((e) => e.tag === tag)?.value[0] ?? 0);
  const degrees = (tag: number): number | undefined => {
    const e = gps.find((x) => x.tag === tag && x.type === 5 && x.count === 3);
    if (!e) return undefined;
    const v = new DataView(e.value.buffer, e.value.byteOffset, 24);
    const r = (i: number) => {
      const d = v.getUint32(i * 8 + 4, true);
      return d === 0 ? 0 : v.getUint32(i * 8, true) / d;
    };
    return r(0) + r(1) / 60 + r(2) / 3600;
  };
  const lat = degrees(0x2);
  const lng = degrees(0x4);
  if (lat === undefined || lng === undefined) return undefined;
  return { lat: ref(0x1) === 'S' ? -lat : lat, lng: ref(0x3) === 'W' ? -lng : lng };
}

/** A little-endian TIFF with IFD0 = Orientation and, when given, a GPS IFD; undefined when empty. */
function writeExif(orientation: number | undefined, gps: Entry[]): Uint8Array | undefined {
  const ifd0: Entry[] = [];
  if (orientation) ifd0.push({ tag: 0x0112, type: 3, count: 1, value: Uint8Array.of(orientation, 0) });
  const withGps = gps.length > 0;
  if (withGps) ifd0.push({ tag: 0x8825, type: 4, count: 1, value: new Uint8Array(4) });
  if (ifd0.length === 0) return undefined;
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const gpsAt = 8 + ifdSize(ifd0.length);
  const sorted = [...gps].sort((a, b) => a.tag - b.tag);
  const dataAt = gpsAt + (withGps ? ifdSize(sorted.length) : 0);
  const extra = sorted.reduce((n, e) => n + (e.value.length > 4 ? e.value.length + (e.value.length % 2) : 0), 0);
  const out = new Uint8Array(dataAt + extra);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0, 8, 0, 0, 0]);
  let data = dataAt;
  const writeIfd = (at: number, list: Entry[]) => {
    view.setUint16(at, list.length, true);
    list.forEach((e, i) => {
      const p = at + 2 + i * 12;
      view.setUint16(p, e.tag, true);
      view.setUint16(p + 2, e.type, true);
      view.setUint32(p + 4, e.count, true);
      if (e.value.length <= 4) out.set(e.value, p + 8);
      else {
        view.setUint32(p + 8, data, true);
        out.set(e.value, data);
        data += e.value.length + (e.value.length % 2);
      }
    });
    view.setUint32(at + 2 + list.length * 12, 0, true);
  };
  if (withGps) {
    const pointer = ifd0.find((e) => e.tag === 0x8825);
    if (pointer) new DataView(pointer.value.buffer).setUint32(0, gpsAt, true);
  }
  writeIfd(8, ifd0);
  if (withGps) writeIfd(gpsAt, sorted);
  return out;
}

/** The kept EXIF from a TIFF block (or undefined), with what the block said. */
function keptExif(tiff: Uint8Array | undefined, keepLocation: boolean) {
  if (!tiff) return { exif: undefined, orientation: undefined, location: undefined };
  const parsed = readExif(tiff);
  const location = locationOf(parsed.gps);
  const gps = keepLocation && location ? parsed.gps : [];
  return { exif: writeExif(parsed.orientation, gps), orientation: parsed.orientation, location };
}

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const startsWith = (b: Uint8Array, at: number, prefix: readonly number[]) => prefix.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function result(bytes: Uint8Array, kept: ReturnType<typeof keptExif>, keepLocation: boolean): CleanedImage {
  return {
    bytes,
    ...(kept.orientation ? { orientation: kept.orientation } : {}),
    ...(kept.location ? { location: kept.location } : {}),
    locationKept: keepLocation && kept.location !== undefined,
  };
}

// ---- JPEG ----------------------------------------------------------------------------------

const ICC = ascii('ICC_PROFILE\0');

function cleanJpeg(src: Uint8Array, keepLocation: boolean): CleanedImage {
  if (src[0] !== 0xff || src[1] !== 0xd8) throw invalid();
  const kept: Uint8Array[] = [];
  let exifBlock: Uint8Array | undefined;
  let i = 2;
  let tail: Uint8Array | undefined;
  while (i < src.length) {
    if (src[i] !== 0xff) throw invalid();
    while (src[i] === 0xff) i++;
    const marker = src[i] ?? 0;
    i++;
    if (marker === 0xd9) {
      tail = src.subarray(i - 2);
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(Uint8Array.of(0xff, marker));
      continue;
    }
    if (i + 2 > src.length) throw invalid();
    const length = ((src[i] ?? 0) << 8) | (src[i + 1] ?? 0);
    if (length < 2 || i + length > src.length) throw invalid();
    const segment = src.subarray(i - 2, i + length);
    const body = src.subarray(i + 2, i + length);
    i += length;
    if (marker === 0xda) {
      // Start of scan: the entropy-coded data and everything after it are copied as they are.
      tail = src.subarray(segment.byteOffset - src.byteOffset);
      break;
    }
    if (marker === 0xe1) {
      if (!exifBlock && startsWith(body, 0, EXIF_HEADER)) exifBlock = body.subarray(6);
      continue; // EXIF or XMP: dropped, the kept EXIF is written afresh.
    }
    if (marker === 0xe2 && !startsWith(body, 0, ICC)) continue; // MPF, FlashPix: dropped; ICC kept.
    if ((marker >= 0xe3 && marker <= 0xed) || marker === 0xef || marker === 0xfe) continue; // APP3–13, APP15, COM
    kept.push(segment);
  }
  if (!tail) throw invalid();
  const exif = keptExif(exifBlock, keepLocation);
  const app1: Uint8Array[] = [];
  if (exif.exif) {
    const length = 2 + EXIF_HEADER.length + exif.exif.length;
    if (length > 0xffff) throw invalid();
    app1.push(Uint8Array.of(0xff, 0xe1, length >> 8, length & 0xff, ...EXIF_HEADER), exif.exif);
  }
  // JFIF's APP0 stays first; the EXIF goes right after it.
  const first = kept[0] && kept[0][1] === 0xe0 ? [kept.shift() as Uint8Array] : [];
  const bytes = Buffer.concat([Uint8Array.of(0xff, 0xd8), ...first, ...app1, ...kept, tail]);
  return result(new Uint8Array(bytes), exif, keepLocation);
}

// ---- PNG -----------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(ascii(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function cleanPng(src: Uint8Array, keepLocation: boolean): CleanedImage {
  if (!startsWith(src, 0, PNG_SIGNATURE)) throw invalid();
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const chunks: Array<{ type: string; raw: Uint8Array }> = [];
  let exifBlock: Uint8Array | undefined;
  let i = 8;
  let ended = false;
  while (i + 12 <= src.length && !ended) {
    const length = view.getUint32(i);
    const type = String.fromCharCode(...src.subarray(i + 4, i + 8));
    if (i + 12 + length > src.length) throw invalid();
    const raw = src.subarray(i, i + 12 + length);
    if (type === 'eXIf' && !exifBlock) {
      const data = src.subarray(i + 8, i + 8 + length);
      exifBlock = startsWith(data, 0, EXIF_HEADER) ? data.subarray(6) : data;
    }
    if (!PNG_DROPPED.has(type)) chunks.push({ type, raw });
    ended = type === 'IEND';
    i += 12 + length;
  }
  if (!ended || chunks[0]?.type !== 'IHDR') throw invalid();
  const exif = keptExif(exifBlock, keepLocation);
  const parts = chunks.map((c) => c.raw);
  if (exif.exif) {
    // eXIf goes before the first IDAT.
    const at = chunks.findIndex((c) => c.type === 'IDAT');
    parts.splice(at < 0 ? 1 : at, 0, pngChunk('eXIf', exif.exif));
  }
  return result(new Uint8Array(Buffer.concat([Uint8Array.from(PNG_SIGNATURE), ...parts])), exif, keepLocation);
}

// ---- WebP ----------------------------------------------------------------------------------

function cleanWebp(src: Uint8Array, keepLocation: boolean): CleanedImage {
  if (!startsWith(src, 0, ascii('RIFF')) || !startsWith(src, 8, ascii('WEBP'))) throw invalid();
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const end = Math.min(src.length, 8 + view.getUint32(4, true));
  const chunks: Array<{ type: string; raw: Uint8Array }> = [];
  let exifBlock: Uint8Array | undefined;
  let i = 12;
  while (i + 8 <= end) {
    const type = String.fromCharCode(...src.subarray(i, i + 4));
    const length = view.getUint32(i + 4, true);
    const padded = length + (length % 2);
    if (i + 8 + length > end) throw invalid();
    const data = src.subarray(i + 8, i + 8 + length);
    if (type === 'EXIF' && !exifBlock) exifBlock = startsWith(data, 0, EXIF_HEADER) ? data.subarray(6) : data;
    if (type !== 'EXIF' && type !== 'XMP ') chunks.push({ type, raw: src.slice(i, Math.min(end, i + 8 + padded)) });
    i += 8 + padded;
  }
  if (chunks.length === 0) throw invalid();
  const exif = keptExif(exifBlock, keepLocation);
  const vp8x = chunks.find((c) => c.type === 'VP8X');
  if (vp8x) {
    const flags = vp8x.raw[8] ?? 0;
    // EXIF (0x08) and XMP (0x04) flags follow what is left.
    vp8x.raw[8] = (flags & ~0x0c) | (exif.exif ? 0x08 : 0);
  }
  const parts = chunks.map((c) => c.raw);
  // A simple (VP8/VP8L) file has no VP8X and so no place for EXIF: nothing is added.
  if (exif.exif && vp8x) {
    const header = new Uint8Array(8);
    header.set(ascii('EXIF'));
    new DataView(header.buffer).setUint32(4, exif.exif.length, true);
    parts.push(header, exif.exif, ...(exif.exif.length % 2 ? [new Uint8Array(1)] : []));
  }
  const body = Buffer.concat(parts);
  const riff = new Uint8Array(12);
  riff.set(ascii('RIFF'));
  new DataView(riff.buffer).setUint32(4, body.length + 4, true);
  riff.set(ascii('WEBP'), 8);
  const kept = vp8x ? exif : { ...exif, orientation: undefined };
  return result(new Uint8Array(Buffer.concat([riff, body])), kept, keepLocation && Boolean(vp8x));
}

/**
 * The photo without its metadata but the orientation and, with `keepLocation`, the GPS
 * position. Throws IMAGE_INVALID when the structure does not hold together.
 */
export function cleanImageMetadata(
  bytes: Uint8Array,
  kind: ImageKind,
  options: { keepLocation: boolean },
): CleanedImage {
  const run = kind === 'jpeg' ? cleanJpeg : kind === 'png' ? cleanPng : cleanWebp;
  try {
    return run(bytes, options.keepLocation);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    // A RangeError from a DataView read past the end is a broken file, not a server fault.
    throw invalid();
  }
}
