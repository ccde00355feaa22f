/**
 * Two months of a register for the monthly report's tests. From September to October: the solar
 * plant (№2) is gone and the numbers below it move up; the cement plant's status goes from memorandum
 * to construction (same number); the logistics hub's value goes from 17 to 18.2 bn tenge; the wind
 * farm, 7.6 bn tenge in September, is stated as 100 mn yuan in October (the same value at 76.00 tenge
 * per yuan); the dairy is unchanged but renumbered; the greenhouse is new.
 */
import Big from 'big.js';
import ExcelJS from 'exceljs';
import { gridFromValues, type CellValue, type Grid } from '../../src/core/grid/grid';
import { makeSnapshot, type Snapshot } from '../../src/core/monthly/snapshot';
import { makeRate, RateTable } from '../../src/core/rates/rates';
import { runPipeline } from '../../src/core/report/pipeline';

const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

/** №, name, investor, sector, bn tenge, mn yuan, date, status. */
export type MonthRow = [string | number, string, string, string, number | string | null, number | string | null, Date | null, string];

const HEADER = ['№', 'Жобаның атауы', 'Инвестор', 'Саласы', 'Құны, млрд теңге', 'Құны, млн юань', 'Келісім күні', 'Мәртебесі'];

export const SEPTEMBER: MonthRow[] = [
  [1, 'Цемент зауыты', 'Jiangsu Cement Co.', 'Өндіріс', 12.5, null, d(2025, 9, 15), 'Меморандум'],
  [2, 'Күн электр станциясы', 'China Green Power', 'Энергетика', 7.5, null, d(2025, 9, 15), 'Меморандум'],
  [3, 'Логистикалық хаб', 'Nanjing Port Logistics', 'Логистика', 17, null, d(2025, 9, 15), 'Ұсыныс'],
  [4, 'Жел электр станциясы', 'Nanjing New Energy', 'Энергетика', 7.6, null, d(2025, 9, 15), 'Меморандум'],
  [5, 'Сүт өңдеу зауыты', 'Beijing Dairy Co.', 'Өндіріс', 4.6, null, d(2025, 9, 15), 'Меморандум'],
];

export const OCTOBER: MonthRow[] = [
  [1, 'Цемент зауыты', 'Jiangsu Cement Co.', 'Өндіріс', 12.5, null, d(2025, 9, 15), 'Құрылыс'],
  [2, 'Логистикалық хаб', 'Nanjing Port Logistics', 'Логистика', 18.2, null, d(2025, 9, 15), 'Ұсыныс'],
  [3, 'Жел электр станциясы', 'Nanjing New Energy', 'Энергетика', null, 100, d(2025, 9, 15), 'Меморандум'],
  [4, 'Сүт өңдеу зауыты', 'Beijing Dairy Co.', 'Өндіріс', 4.6, null, d(2025, 9, 15), 'Меморандум'],
  [5, 'Жылыжай кешені', 'Nanjing Agro Tech', 'Ауыл шаруашылығы', 5, null, d(2025, 10, 9), 'Меморандум'],
];

function rows(month: string, data: MonthRow[]): CellValue[][] {
  return [
    [`Батыс Қазақстан облысы: инвестициялық жобалар тізілімі, ${month}`, null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null, null],
    HEADER,
    ...data.map((r) => r as CellValue[]),
  ];
}

export function monthGrid(month: string, data: MonthRow[]): Grid {
  return gridFromValues(`Тізілім ${month}`, rows(month, data));
}

export async function monthXlsx(month: string, data: MonthRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`Тізілім ${month}`);
  ws.addRows(rows(month, data));
  ws.getColumn(7).numFmt = 'dd.mm.yyyy';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CNY at 76.00 tenge on 15 Sep 2025 and 75.82 on 9 Oct 2025 (illustrative). */
export function monthRates(): RateTable {
  return new RateTable([
    makeRate('CNY', '2025-09-15', new Big('76.00'), 1, 'nbk-2025-09-15.xml'),
    makeRate('CNY', '2025-10-09', new Big('75.82'), 1, 'nbk-2025-10-09.xml'),
  ]);
}

/** The same rates as NBK per-date XML files: [file name, text]. */
export function monthRateFiles(): [string, string][] {
  const xml = (date: string, rate: string) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<rates>\n  <date>${date}</date>\n  <item>\n    <fullname>ЮАНЬ</fullname>\n    <title>CNY</title>\n    <description>${rate}</description>\n    <quant>1</quant>\n  </item>\n</rates>\n`;
  return [['nbk-2025-09-15.xml', xml('15.09.2025', '76.00')], ['nbk-2025-10-09.xml', xml('09.10.2025', '75.82')]];
}

/** October's register checked (in English, as of its last day) and kept as a snapshot, as the snapshot tests start from. */
export function octoberSnapshot(): Snapshot {
  const res = runPipeline(monthGrid('2025-10', OCTOBER), { file: 'oct.xlsx', lang: 'en', rates: monthRates(), today: '2025-10-31' });
  if (!res.ok) throw new Error(res.problem);
  return makeSnapshot(res.json, { month: '2025-10', reportDate: '2025-10-31', tool: 'tizilim test' });
}
