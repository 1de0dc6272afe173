import { ensureDebianPackages } from '@yiti/devstack';
import { GatewayConfig } from '../src/gateway.config.js';

/**
 * The fonts the gateway embeds in minutes PDFs (its configured defaults) and poppler to read them back,
 * installed from Debian when missing — before a gateway boots, since it checks the fonts at start.
 */
export function ensureMinutesTools(): GatewayConfig['minutesFonts'] {
  const fonts = new GatewayConfig().minutesFonts;
  ensureDebianPackages(
    ['poppler-utils', 'fonts-noto-core', 'fonts-noto-cjk'],
    ['/usr/bin/pdftotext', '/usr/bin/pdftoppm', fonts.cjk, fonts.tibetan],
  );
  return fonts;
}
