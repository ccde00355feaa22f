/** Registers built in code for tests: grids and .xlsx files made with ExcelJS. */
import Big from 'big.js';
import ExcelJS from 'exceljs';
import { gridFromValues, type CellValue, type Grid } from '../../src/core/grid/grid';
import { makeRate, RateTable } from '../../src/core/rates/rates';

export const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

/** CNY 75.82 on 9 Oct 2025 and 76.14 on 10 Oct 2025, USD 540.17 on 10 Oct (test rates). */
export function testRates(): RateTable {
  return new RateTable([
    makeRate('CNY', '2025-10-09', new Big('75.82'), 1, 'test-rates'),
    makeRate('CNY', '2025-10-10', new Big('76.14'), 1, 'test-rates'),
    makeRate('USD', '2025-10-10', new Big('540.17'), 1, 'test-rates'),
  ]);
}

/** A small Kazakh register: title, header in row 3, three projects, a total row and a footnote. */
export function kazakhGrid(): Grid {
  const rows: CellValue[][] = [
    ['Инвестициялық жобалар тізілімі', null, null, null, null, null, null],
    [null, null, null, null, null, null, null],
    ['№', 'Жобаның атауы', 'Инвестор', 'Саласы', 'Құны, млрд теңге', 'Келісім күні', 'Мәртебесі'],
    [1, 'Цемент зауыты', 'Jiangsu Cement', 'Өндіріс', 12.5, d(2025, 10, 9), 'Меморандум'],
    [2, 'Күн станциясы', 'Green Power', 'Энергетика', '7,5', d(2025, 10, 10), 'меморандум'],
    [3, 'Логистикалық хаб', 'Nanjing Port', 'Логистика', 17, d(2025, 10, 10), 'Ұсыныс'],
    [null, 'Барлығы', null, null, 37, null, null],
    ['* Дереккөз: облыс әкімдігі', null, null, null, null, null, null],
  ];
  return gridFromValues('Тізілім', rows);
}

export async function xlsxBuffer(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
