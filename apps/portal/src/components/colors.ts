/**
 * Tag colours: antd's darker shades (level 8), solid, with white text — every one at least 4.5:1 (WCAG AA),
 * which antd's light preset tags are not.
 */
export const TAG = {
  grey: '#595959',
  blue: '#003eb3',
  cyan: '#006d75',
  green: '#237804',
  gold: '#874d00',
  orange: '#ad4e00',
  volcano: '#ad2102',
  red: '#a8071a',
  magenta: '#9e1068',
  purple: '#391085',
  geekblue: '#10239e',
} as const;
