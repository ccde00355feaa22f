/**
 * Fluent UI's light theme with Excel's green as the brand colour, so that the pane looks like the
 * Office it sits in (Segoe UI, Fluent greys, Excel's primary button colour).
 */
import { createLightTheme, type BrandVariants, type Theme } from '@fluentui/react-components';

/** A ramp around Excel's green (#107C41 at 80, the brand's rest colour). */
export const EXCEL_GREEN: BrandVariants = {
  10: '#020905',
  20: '#0A1F12',
  30: '#0E301B',
  40: '#103F23',
  50: '#114E2B',
  60: '#115D33',
  70: '#0F6C3A',
  80: '#107C41',
  90: '#2D8A52',
  100: '#479863',
  110: '#5FA674',
  120: '#77B486',
  130: '#8FC299',
  140: '#A7D0AD',
  150: '#BFDEC2',
  160: '#D8ECD9',
};

export const paneTheme: Theme = {
  ...createLightTheme(EXCEL_GREEN),
  // Office task panes are white with Fluent's neutral greys for text and borders.
  colorNeutralBackground1: '#FFFFFF',
};
