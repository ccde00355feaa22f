/**
 * How a file gets out of the pane on each host (src/taskpane/export-ways.ts): a new workbook within
 * Excel on the web's request limit, a download where the webview downloads (not Excel for Mac or
 * iPad), and the command line where neither works — and the boot helpers that decide whether
 * Office answered (src/taskpane/boot.ts).
 */
import { base64Length, cliCommand, CREATE_WORKBOOK_WEB_LIMIT, createWorkbookLimit, downloadsWork, exportWays, toBase64 } from '../../src/taskpane/export-ways';
import { openedByOffice, waitForOffice } from '../../src/taskpane/boot';

const MB = 1024 * 1024;

describe('the ways out of the pane', () => {
  test('base64 is four characters for every three bytes, as toBase64 writes it', () => {
    for (const n of [0, 1, 2, 3, 4, 100, 32769]) expect(toBase64(new Uint8Array(n).buffer).length).toBe(base64Length(n));
  });

  test('Excel on the web: a new workbook up to its request limit, a download above it', () => {
    expect(createWorkbookLimit('OfficeOnline')).toBe(CREATE_WORKBOOK_WEB_LIMIT);
    expect(exportWays('OfficeOnline', true, 3 * MB)).toEqual({ open: true, download: true, tooLargeToOpen: false, cliOnly: false });
    expect(exportWays('OfficeOnline', true, 3.5 * MB)).toEqual({ open: false, download: true, tooLargeToOpen: true, cliOnly: false });
  });

  test('Windows: no documented limit, and downloads work', () => {
    expect(createWorkbookLimit('PC')).toBeNull();
    expect(exportWays('PC', true, 40 * MB)).toEqual({ open: true, download: true, tooLargeToOpen: false, cliOnly: false });
    expect(exportWays('PC', false, 1 * MB)).toEqual({ open: false, download: true, tooLargeToOpen: false, cliOnly: false });
  });

  test('Excel for Mac and iPad: no downloads; a new workbook, else the command line', () => {
    expect(downloadsWork('Mac')).toBe(false);
    expect(downloadsWork('iOS')).toBe(false);
    expect(downloadsWork(null)).toBe(true); // a browser outside Office
    expect(exportWays('Mac', true, 2 * MB)).toEqual({ open: true, download: false, tooLargeToOpen: false, cliOnly: false });
    expect(exportWays('Mac', false, 2 * MB)).toEqual({ open: false, download: false, tooLargeToOpen: false, cliOnly: true });
  });

  test('the command line that makes the same file, its values quoted for a shell', () => {
    expect(cliCommand('copy', { register: 'bko.xlsx', month: '2025-10', organisation: 'Экономика басқармасы "БҚО"', region: 'Батыс Қазақстан облысы', regionCode: 'BKO', headings: 'kk,ru', formulas: true }))
      .toBe('tizilim export bko.xlsx --month 2025-10 --rates <rates.xml> --organisation "Экономика басқармасы \\"БҚО\\"" --region "Батыс Қазақстан облысы" --region-code BKO --headings kk,ru --formulas');
    expect(cliCommand('pack', { register: 'Тізілім 2025' })).toBe('tizilim summarize "Тізілім 2025.xlsx" --rates <rates.xml>');
    expect(cliCommand('template', { register: 'Тізілім 2025', month: '2025-11', lang: 'kk', headings: 'kk,ru' })).toBe('tizilim template "Тізілім 2025.xlsx" --month 2025-11 --rates <rates.xml> --lang kk --headings kk,ru');
  });
});

describe('waiting for Office', () => {
  test('a late Office is said to be late once, and still answers', async () => {
    jest.useFakeTimers();
    try {
      let answer: (v: { host: string }) => void = () => undefined;
      let late = 0;
      const ready = waitForOffice(() => new Promise((r) => (answer = r)), 20_000, () => late++);
      jest.advanceTimersByTime(19_999);
      expect(late).toBe(0);
      jest.advanceTimersByTime(1);
      expect(late).toBe(1);
      answer({ host: 'Excel' });
      await expect(ready).resolves.toEqual({ host: 'Excel' });
      jest.advanceTimersByTime(60_000);
      expect(late).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  test('an Office that answers in time is never said to be late', async () => {
    jest.useFakeTimers();
    try {
      let late = 0;
      await expect(waitForOffice(() => Promise.resolve({ host: 'Excel' }), 20_000, () => late++)).resolves.toEqual({ host: 'Excel' });
      jest.advanceTimersByTime(30_000);
      expect(late).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a page Office opened carries its host information; one opened in a browser does not', () => {
    expect(openedByOffice({ search: '?_host_Info=Excel$Web$16.01$en-US$$$$0', name: '' })).toBe(true);
    expect(openedByOffice({ search: '', name: '{"hostInfo":"Excel|Win32|16.01|ru-RU"}' })).toBe(true);
    expect(openedByOffice({ search: '', name: '', external: { GetHostInfo: () => 'Excel|Win32' } })).toBe(true);
    expect(openedByOffice({ search: '?lang=kk', name: '', external: {} })).toBe(false);
  });
});
