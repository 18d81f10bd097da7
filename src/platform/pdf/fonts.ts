/**
 * Fonts with full Vietnamese coverage for generated PDFs.
 *
 * Official papers (Decree 30/2020, Annex I) are set in a Unicode serif face in the
 * Times New Roman style, so we ship Noto Serif from the npm package
 * `@expo-google-fonts/noto-serif` (static TTF files, OFL-1.1): `npm start` on a fresh
 * machine then needs no Debian font package. Debian's DejaVu Serif is only a fallback
 * for an install that pruned the package. The PDF writer embeds a subset of each face.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

export type FontFiles = Readonly<Record<FontStyle, Uint8Array>>;

const NOTO_SERIF: Record<FontStyle, string> = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
};

const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';
const DEJAVU_SERIF: Record<FontStyle, string> = {
  regular: `${DEJAVU_DIR}/DejaVuSerif.ttf`,
  bold: `${DEJAVU_DIR}/DejaVuSerif-Bold.ttf`,
  italic: `${DEJAVU_DIR}/DejaVuSerif-Italic.ttf`,
  boldItalic: `${DEJAVU_DIR}/DejaVuSerif-BoldItalic.ttf`,
};

let cached: FontFiles | undefined;

function resolvePackageFile(specifier: string): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(specifier);
  } catch {
    return undefined;
  }
}

function readFace(style: FontStyle): Uint8Array {
  const packaged = resolvePackageFile(NOTO_SERIF[style]);
  if (packaged) return new Uint8Array(readFileSync(packaged));
  // fonts-dejavu-core ships only regular and bold; italics come with fonts-dejavu-extra.
  const candidates = [DEJAVU_SERIF[style], style === 'boldItalic' ? DEJAVU_SERIF.bold : DEJAVU_SERIF.regular];
  for (const path of candidates) {
    if (existsSync(path)) return new Uint8Array(readFileSync(path));
  }
  throw new Error(
    `No Vietnamese font found for style "${style}": run "npm install" (package @expo-google-fonts/noto-serif) ` +
      'or install the Debian package fonts-dejavu-core.',
  );
}

/** The four faces used by every generated document, read once per process. */
export function loadFontFiles(): FontFiles {
  if (cached) return cached;
  cached = {
    regular: readFace('regular'),
    bold: readFace('bold'),
    italic: readFace('italic'),
    boldItalic: readFace('boldItalic'),
  };
  return cached;
}
