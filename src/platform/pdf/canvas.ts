/**
 * The drawing surface under PdfComposer: A4 pages, a cursor that moves down the page, the
 * embedded Vietnamese faces, measuring and drawing wrapped text. Blocks live in document.ts.
 */
import type { EmbeddedFont, PDFPage } from '@libpdf/core';
import { measureText, PDF, rgb } from '@libpdf/core';
import { loadFontFiles } from './fonts.ts';
import type { LaidOutLine, RichText, TextStyle } from './text-layout.ts';
import { layoutRichText } from './text-layout.ts';

const A4 = { width: 595.28, height: 841.89 } as const;
const MM = 72 / 25.4;

export type Align = 'left' | 'center' | 'right';

export interface ComposerOptions {
  title: string;
  subject?: string;
  author?: string;
  /** Body font size in points. */
  fontSize?: number;
  /** Margins in millimetres (Decree 30/2020 suggests top/bottom 20–25, left 30–35, right 15–20). */
  margins?: { top: number; right: number; bottom: number; left: number };
}

export interface Box {
  x: number;
  width: number;
}

export class PdfCanvas {
  readonly pdf: PDF;
  readonly fontSize: number;
  protected readonly margin: { top: number; right: number; bottom: number; left: number };
  protected readonly fonts = new Map<string, EmbeddedFont>();
  protected page: PDFPage;
  /** Top of the free space on the current page, in points from the bottom. */
  protected cursor: number;

  constructor(options: ComposerOptions) {
    this.pdf = PDF.create();
    this.pdf.setTitle(options.title);
    if (options.subject) this.pdf.setSubject(options.subject);
    if (options.author) this.pdf.setAuthor(options.author);
    this.pdf.setLanguage('vi-VN');
    this.pdf.setCreator('Mở Cửa');
    this.fontSize = options.fontSize ?? 13;
    const m = options.margins ?? { top: 20, right: 15, bottom: 20, left: 25 };
    this.margin = { top: m.top * MM, right: m.right * MM, bottom: m.bottom * MM, left: m.left * MM };
    this.page = this.pdf.addPage({ width: A4.width, height: A4.height });
    this.cursor = A4.height - this.margin.top;
  }

  get contentWidth(): number {
    return A4.width - this.margin.left - this.margin.right;
  }

  protected get content(): Box {
    return { x: this.margin.left, width: this.contentWidth };
  }

  font(style: TextStyle = {}): EmbeddedFont {
    const key = style.bold ? (style.italic ? 'boldItalic' : 'bold') : style.italic ? 'italic' : 'regular';
    const existing = this.fonts.get(key);
    if (existing) return existing;
    const font = this.pdf.embedFont(loadFontFiles()[key]);
    this.fonts.set(key, font);
    return font;
  }

  measure(text: string, style: TextStyle, size: number): number {
    return measureText(text, this.font(style), size);
  }

  lineHeight(size: number = this.fontSize): number {
    return size * 1.35;
  }

  newPage(): void {
    this.page = this.pdf.addPage({ width: A4.width, height: A4.height });
    this.cursor = A4.height - this.margin.top;
  }

  /** Starts a new page when less than `height` points are left. */
  ensureSpace(height: number): void {
    if (this.cursor - height < this.margin.bottom) this.newPage();
  }

  space(points: number): void {
    this.cursor -= points;
  }

  protected layout(text: RichText, width: number, size: number, base: TextStyle = {}): LaidOutLine[] {
    return layoutRichText(text, width, (s, style) => this.measure(s, style, size), base);
  }

  protected drawLine(line: LaidOutLine, box: Box, baseline: number, size: number, align: Align): void {
    let x = box.x;
    if (align === 'center') x += (box.width - line.width) / 2;
    if (align === 'right') x += box.width - line.width;
    for (const segment of line.segments) {
      this.page.drawText(segment.text, { x, y: baseline, font: this.font(segment), size, color: rgb(0, 0, 0) });
      x += segment.width;
    }
  }

  /** Draws wrapped lines with their top at `top`; returns the height used. Never breaks pages. */
  protected drawBlock(text: RichText, box: Box, top: number, size: number, align: Align, base: TextStyle = {}): number {
    const lines = this.layout(text, box.width, size, base);
    const lineHeight = this.lineHeight(size);
    lines.forEach((line, i) => {
      this.drawLine(line, box, top - size - i * lineHeight, size, align);
    });
    return lines.length * lineHeight;
  }

  /** Largest size ≤ `size` at which `text` fits on one line of `width`. */
  protected fitSize(text: string, style: TextStyle, width: number, size: number): number {
    let fitted = size;
    while (fitted > 8 && this.measure(text, style, fitted) > width) fitted -= 0.5;
    return fitted;
  }

  protected underline(box: Box, y: number, width: number): void {
    const start = box.x + (box.width - width) / 2;
    this.page.drawLine({ start: { x: start, y }, end: { x: start + width, y }, thickness: 0.6, color: rgb(0, 0, 0) });
  }
}
