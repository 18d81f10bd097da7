/**
 * A small flow-layout composer for A4 administrative papers: it keeps a cursor, wraps text,
 * breaks pages, and knows the few blocks every Vietnamese official paper has (the national
 * header with the motto, a centred title, tables, the signature block, a QR code).
 * Layout follows Decree 30/2020, Annex I in spirit: serif face 12–14 pt, motto top right.
 */

import { rgb } from '@libpdf/core';
import type { Align, Box } from './canvas.ts';
import { PdfCanvas } from './canvas.ts';
import { drawQrCode } from './qr.ts';
import { addTextField, type TextFieldSlot } from './text-fields.ts';
import type { RichText, TextStyle } from './text-layout.ts';

export type { RichText } from './text-layout.ts';

export interface ParagraphOptions extends TextStyle {
  align?: Align;
  size?: number;
  /** Extra left indent in points. */
  indent?: number;
  /** Space after the paragraph in points (default a third of a line). */
  spaceAfter?: number;
}

interface TableColumn {
  header: string;
  /** Relative width; the columns share the content width in proportion. */
  width: number;
  align?: Align;
}

export interface TableOptions {
  columns: readonly TableColumn[];
  rows: readonly (readonly RichText[])[];
  size?: number;
}

export interface SignatureParty {
  /** For example "NGƯỜI TIẾP NHẬN" or "GIÁM ĐỐC". */
  title: string;
  /** Line in italics under the title; default "(Ký, ghi rõ họ tên)". */
  note?: string;
  name?: string;
}

export interface NationalHeaderOptions {
  /** Governing body, e.g. "UBND TỈNH TUYÊN QUANG". */
  parentAgency?: string;
  /** Issuing agency, e.g. "SỞ TƯ PHÁP". */
  agency: string;
  /** Line under the agency, e.g. "Số: 12/PTN". */
  reference?: string;
  /** Italic line under the motto, e.g. "Tuyên Quang, ngày 05 tháng 3 năm 2025". */
  placeAndDate?: string;
  /**
   * Field names: the reference's first line ("Số: …") and the place-and-date line are then
   * read-only text fields showing the same text, filled in after signing (`fillTextFields`).
   */
  fields?: { reference?: string; placeAndDate?: string };
}

export class PdfComposer extends PdfCanvas {
  paragraph(text: RichText, options: ParagraphOptions = {}): void {
    const size = options.size ?? this.fontSize;
    const indent = options.indent ?? 0;
    const box = { x: this.content.x + indent, width: this.content.width - indent };
    const lineHeight = this.lineHeight(size);
    for (const line of this.layout(text, box.width, size, options)) {
      this.ensureSpace(lineHeight);
      this.drawLine(line, box, this.cursor - size, size, options.align ?? 'left');
      this.cursor -= lineHeight;
    }
    this.cursor -= options.spaceAfter ?? lineHeight / 3;
  }

  /** "Label: value" with the value in bold, the way slips show the dossier's particulars. */
  field(label: string, value: string, options: ParagraphOptions = {}): void {
    this.paragraph([{ text: `${label}: ` }, { text: value, bold: true }], { spaceAfter: 2, ...options });
  }

  /** Numbered list: "1. …", "2. …" with hanging indent. */
  numberedList(items: readonly RichText[], options: ParagraphOptions = {}): void {
    const size = options.size ?? this.fontSize;
    const hang = this.measure('00. ', {}, size);
    const lineHeight = this.lineHeight(size);
    items.forEach((item, i) => {
      const box = {
        x: this.content.x + (options.indent ?? 0) + hang,
        width: this.content.width - (options.indent ?? 0) - hang,
      };
      this.layout(item, box.width, size).forEach((line, j) => {
        this.ensureSpace(lineHeight);
        if (j === 0)
          this.page.drawText(`${i + 1}.`, { x: box.x - hang, y: this.cursor - size, font: this.font(), size });
        this.drawLine(line, box, this.cursor - size, size, 'left');
        this.cursor -= lineHeight;
      });
    });
    this.cursor -= lineHeight / 3;
  }

  title(text: string, subtitle?: RichText): void {
    const size = this.fontSize + 1;
    this.paragraph(text, { bold: true, align: 'center', size, spaceAfter: subtitle ? 2 : this.lineHeight() / 2 });
    if (subtitle) this.paragraph(subtitle, { italic: true, align: 'center', spaceAfter: this.lineHeight() / 2 });
  }

  /** Agency block top left, the national name and motto top right (Decree 30/2020, Annex I). */
  nationalHeader(options: NationalHeaderOptions): void {
    const left: Box = { x: this.content.x - 10, width: this.content.width * 0.42 };
    const right: Box = {
      x: left.x + left.width + 4,
      width: this.content.x + this.content.width - (left.x + left.width + 4),
    };
    const size = this.fontSize - 1;
    const top = this.cursor;
    let leftY = top;
    if (options.parentAgency) leftY -= this.agencyName(options.parentAgency.toUpperCase(), left, leftY, size, {});
    leftY -= this.agencyName(options.agency.toUpperCase(), left, leftY, size, { bold: true });
    this.underline(left, leftY - 2, left.width / 3);
    leftY -= 8;
    if (options.reference) {
      let rest = options.reference;
      if (options.fields?.reference) {
        const [first = '', ...others] = options.reference.split('\n');
        leftY -= this.textField(options.fields.reference, first, left, leftY, size, false);
        rest = others.join('\n');
      }
      if (rest) leftY -= this.drawBlock(rest, left, leftY, size, 'center');
    }

    const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    let rightY = top;
    rightY -= this.drawBlock(nation, right, rightY, this.fitSize(nation, { bold: true }, right.width, size), 'center', {
      bold: true,
    });
    const mottoSize = this.fitSize(motto, { bold: true }, right.width, this.fontSize);
    rightY -= this.drawBlock(motto, right, rightY, mottoSize, 'center', { bold: true });
    this.underline(right, rightY - 2, this.measure(motto, { bold: true }, mottoSize));
    rightY -= 8;
    if (options.placeAndDate && options.fields?.placeAndDate)
      rightY -= this.textField(options.fields.placeAndDate, options.placeAndDate, right, rightY, size, true);
    else if (options.placeAndDate)
      rightY -= this.drawBlock(options.placeAndDate, right, rightY, size, 'center', { italic: true });
    this.cursor = Math.min(leftY, rightY) - this.lineHeight();
  }

  /**
   * The national name and motto centred, underlined, with no agency block: the head of a paper a
   * citizen makes (tờ khai, đơn), as the forms of civil-status declarations print it.
   */
  motto(): void {
    const box: Box = { x: this.content.x, width: this.content.width };
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    let y = this.cursor;
    y -= this.drawBlock('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', box, y, this.fontSize, 'center', { bold: true });
    y -= this.drawBlock(motto, box, y, this.fontSize, 'center', { bold: true });
    this.underline(box, y - 2, this.measure(motto, { bold: true }, this.fontSize));
    this.cursor = y - this.lineHeight();
  }

  /**
   * An agency's name in the header: on one line when it fits, else on two or three lines broken
   * where a reader breaks it ("TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG / TỈNH TUYÊN QUANG"): never
   * inside a compound word or the place name, the type shrunk a little if need be (Decree
   * 30/2020, Annex I §II.2). Returns the height used.
   */
  private agencyName(name: string, box: Box, top: number, size: number, style: TextStyle): number {
    const groups = nameGroups(name);
    for (let fitted = size; fitted >= size - 2; fitted -= 0.5) {
      const width = (line: string) => this.measure(line, style, fitted);
      const best = partitions(groups, 3)
        .filter((lines) => lines.every((line) => width(line) <= box.width))
        .sort(
          (x, y) =>
            x.length - y.length ||
            Math.max(...x.map(width)) -
              Math.min(...x.map(width)) -
              (Math.max(...y.map(width)) - Math.min(...y.map(width))),
        )[0];
      if (best) return this.drawBlock(best.join('\n'), box, top, fitted, 'center', style);
    }
    return this.drawBlock(name, box, top, size - 2, 'center', style);
  }

  table(options: TableOptions): void {
    const size = options.size ?? this.fontSize - 1;
    const pad = 3;
    const lineHeight = this.lineHeight(size);
    const total = options.columns.reduce((sum, c) => sum + c.width, 0);
    const boxes: Box[] = [];
    let x = this.content.x;
    for (const column of options.columns) {
      const width = (column.width / total) * this.content.width;
      boxes.push({ x, width });
      x += width;
    }
    const header = options.columns.map((c) => c.header);
    const drawRow = (cells: readonly RichText[], isHeader: boolean): void => {
      const laid = boxes.map((box, i) => this.layout(cells[i] ?? '', box.width - 2 * pad, size, { bold: isHeader }));
      const height = Math.max(...laid.map((lines) => lines.length)) * lineHeight + 2 * pad;
      if (this.cursor - height < this.margin.bottom) {
        this.newPage();
        if (!isHeader) drawRow(header, true);
      }
      boxes.forEach((box, i) => {
        this.page.drawRectangle({
          x: box.x,
          y: this.cursor - height,
          width: box.width,
          height,
          borderColor: rgb(0, 0, 0),
          borderWidth: 0.5,
        });
        const inner = { x: box.x + pad, width: box.width - 2 * pad };
        const align = isHeader ? 'center' : (options.columns[i]?.align ?? 'left');
        (laid[i] ?? []).forEach((line, j) => {
          this.drawLine(line, inner, this.cursor - pad - size - j * lineHeight, size, align);
        });
      });
      this.cursor -= height;
    };
    drawRow(header, true);
    for (const row of options.rows) drawRow(row, false);
    this.cursor -= this.lineHeight() / 2;
  }

  /** Signature columns; an optional QR code to the tracking page fills an empty left column. */
  signatureBlock(parties: {
    left?: SignatureParty;
    right: SignatureParty;
    qr?: { url: string; caption: string };
    /** "Nơi nhận:" in the left column, one "- …;" line each, the last ending "." (Decree 30/2020, Annex I §II.9). */
    recipients?: readonly string[];
  }): void {
    const size = this.fontSize;
    const half = this.content.width / 2;
    const columns: [Box, SignatureParty | undefined][] = [
      [{ x: this.content.x, width: half }, parties.left],
      [{ x: this.content.x + half, width: half }, parties.right],
    ];
    const height = this.lineHeight(size) * 7;
    this.ensureSpace(height);
    const top = this.cursor;
    for (const [box, party] of columns) {
      if (!party) continue;
      let y = top;
      y -= this.drawBlock(party.title, box, y, size, 'center', { bold: true });
      y -= this.drawBlock(party.note ?? '(Ký, ghi rõ họ tên)', box, y, size - 1, 'center', { italic: true });
      if (party.name) this.drawBlock(party.name, box, y - this.lineHeight(size) * 3.5, size, 'center', { bold: true });
    }
    if (parties.recipients?.length && !parties.left) {
      const box = { x: this.content.x, width: half - 8 };
      let y = top;
      y -= this.drawBlock('Nơi nhận:', box, y, size - 1, 'left', { bold: true, italic: true });
      parties.recipients.forEach((line, i) => {
        const end = i === (parties.recipients?.length ?? 0) - 1 ? '.' : ';';
        y -= this.drawBlock(`- ${line}${end}`, box, y, size - 2, 'left');
      });
    }
    if (parties.qr && !parties.left && !parties.recipients?.length) {
      const qrSize = 90;
      drawQrCode(this.page, parties.qr.url, { x: this.content.x, y: top - qrSize, size: qrSize });
      this.drawBlock(
        parties.qr.caption,
        { x: this.content.x + 4, width: half - 8 },
        top - qrSize - 2,
        size - 3,
        'left',
        { italic: true },
      );
    }
    this.cursor = top - height;
  }

  /** A QR code at the left margin with a caption beside it. */
  qrCode(url: string, caption: RichText, qrSize = 80): void {
    this.ensureSpace(qrSize);
    const top = this.cursor;
    drawQrCode(this.page, url, { x: this.content.x, y: top - qrSize, size: qrSize });
    const box = { x: this.content.x + qrSize + 8, width: this.content.width - qrSize - 8 };
    this.drawBlock(caption, box, top - qrSize / 2 + this.fontSize, this.fontSize - 2, 'left');
    this.cursor = top - qrSize - this.lineHeight() / 2;
  }

  private readonly fieldSlots: TextFieldSlot[] = [];

  /** A one-line text field with its top at `top`, centred in `box`; returns the height used. */
  private textField(name: string, text: string, box: Box, top: number, size: number, italic: boolean): number {
    const height = this.lineHeight(size);
    this.fieldSlots.push({
      name,
      text,
      page: this.pdf.getPageCount() - 1,
      rect: { x: box.x, y: top - height, width: box.width, height },
      size,
      italic,
      align: 'center',
    });
    return height;
  }

  /** Finished document; fonts are subset to the glyphs used. */
  async save(): Promise<Uint8Array> {
    for (const slot of this.fieldSlots) await addTextField(this.pdf, slot);
    return this.pdf.save({ subsetFonts: true });
  }
}

/** Words that read as one and are not split across lines in a name ("HÀNH CHÍNH CÔNG", "NHÂN DÂN"). */
const COMPOUNDS = [
  'ỦY BAN',
  'NHÂN DÂN',
  'TRUNG TÂM',
  'PHỤC VỤ',
  'HÀNH CHÍNH CÔNG',
  'HÀNH CHÍNH',
  'VĂN PHÒNG',
  'ĐĂNG KÝ',
  'ĐẤT ĐAI',
  'TƯ PHÁP',
  'NỘI VỤ',
  'TÀI CHÍNH',
  'NÔNG NGHIỆP',
  'MÔI TRƯỜNG',
  'XÂY DỰNG',
  'Y TẾ',
  'GIÁO DỤC',
  'ĐÀO TẠO',
  'VĂN HÓA,',
  'VĂN HÓA',
  'THỂ THAO',
  'DU LỊCH',
  'KHOA HỌC',
  'CÔNG NGHỆ',
  'CÔNG THƯƠNG',
  'CÔNG AN',
  'THANH TRA',
];
/** A place ("TỈNH TUYÊN QUANG", "PHƯỜNG HÀ GIANG 1") starts at one of these and runs to the end. */
const PLACE_START = /^(TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|ĐẶC KHU|HUYỆN|QUẬN|THỊ XÃ)(\s|$)/u;

function nameGroups(name: string): string[] {
  const groups: string[] = [];
  let rest = name.trim().replace(/\s+/gu, ' ');
  while (rest !== '') {
    if (PLACE_START.test(rest)) {
      groups.push(rest);
      break;
    }
    const compound = COMPOUNDS.find((c) => rest === c || rest.startsWith(`${c} `));
    const word = compound ?? rest.split(' ')[0] ?? rest;
    groups.push(word);
    rest = rest.slice(word.length).trim();
  }
  return groups;
}

/** Every way to cut `groups`, in order, into 1…`max` lines. */
function partitions(groups: readonly string[], max: number): string[][] {
  if (groups.length === 0) return [[]];
  const out: string[][] = [[groups.join(' ')]];
  if (max > 1)
    for (let i = 1; i < groups.length; i++)
      for (const rest of partitions(groups.slice(i), max - 1)) out.push([groups.slice(0, i).join(' '), ...rest]);
  return out;
}
