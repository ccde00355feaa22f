/** The CLI's own words, kk / ru / en, as data. */
import type { Lang } from '../core/i18n';

export const CLI_WORDS: Record<string, Record<Lang, string>> = {
  register: { kk: 'Тізілім: {file}, «{sheet}» парағы, тақырыбы {rows}-жолда', ru: 'Реестр: {file}, лист «{sheet}», шапка в строке {rows}', en: 'Register: {file}, sheet "{sheet}", header in row {rows}' },
  columns: { kk: 'Бағандар: {columns} («?» — сенімсіз сәйкестік, --map арқылы түзетіңіз)', ru: 'Столбцы: {columns} («?» — неуверенное сопоставление, исправьте через --map)', en: 'Columns: {columns} ("?" marks a weak match; fix it with --map)' },
  kinds: { kk: 'Жолдар: жоба {project}, қорытынды {total}, аралық қорытынды {subtotal}, бөлім {heading}, бос {blank}, ескертпе {note}', ru: 'Строки: проектов {project}, итогов {total}, промежуточных итогов {subtotal}, разделов {heading}, пустых {blank}, примечаний {note}', en: 'Rows: {project} projects, {total} totals, {subtotal} subtotals, {heading} section headings, {blank} blank, {note} notes' },
  totals: { kk: 'Барлығы: {projects} жоба — {KZT} теңге; {CNY} юань', ru: 'Всего: {projects} проектов — {KZT} тенге; {CNY} юаней', en: 'Total: {projects} projects — {KZT} tenge; {CNY} yuan' },
  byStatus: { kk: '  {status}: {count} — {KZT} теңге', ru: '  {status}: {count} — {KZT} тенге', en: '  {status}: {count} — {KZT} tenge' },
  byStatusNoValue: { kk: '  {status}: {count} — құны әлі жоқ', ru: '  {status}: {count} — стоимость пока не определена', en: '  {status}: {count} — no value yet' },
  findings: { kk: 'Тексеру: қате {error}, ескерту {warning}, ақпарат {info}', ru: 'Проверка: ошибок {error}, предупреждений {warning}, сведений {info}', en: 'Checks: {error} errors, {warning} warnings, {info} info' },
  more: { kk: '  … тағы {n} (толығы: --json немесе «Тексеру» парағы)', ru: '  … и ещё {n} (полностью: --json или лист «Проверки»)', en: '  … and {n} more (all of them: --json or the Checks sheet)' },
  wrote: { kk: 'Жазылды: {file}', ru: 'Записано: {file}', en: 'Written: {file}' },
  rates: { kk: 'Бағамдар: {n} ({files})', ru: 'Курсы: {n} ({files})', en: 'Rates: {n} ({files})' },
  noRates: { kk: 'Бағамдар берілмеген (--rates): юань теңгеге аударылмайды.', ru: 'Курсы не заданы (--rates): юани не пересчитываются в тенге.', en: 'No rates given (--rates): yuan figures are not converted to tenge.' },
  badOption: { kk: 'Параметр мәні жарамсыз: {option}. Ештеңе жазылған жоқ.', ru: 'Недопустимое значение параметра: {option}. Ничего не записано.', en: 'The option\'s value cannot be used: {option}. Nothing was written.' },
  fetchProgress: { kk: 'ҰБ бағамдары: {done}/{total} күн ({date})', ru: 'Курсы НБ РК: {done} из {total} дней ({date})', en: 'NBK rates: {done} of {total} days ({date})' },
  fetched: { kk: '{n} бағам жазылды: {file}', ru: 'Записано курсов: {n}, файл {file}', en: '{n} rates written to {file}' },
  fetchFailed: { kk: 'Бағамдарды алу мүмкін болмады: {reason}. Ештеңе жазылған жоқ; кейінірек қайталаңыз немесе сақталған ҰБ файлдарын --rates арқылы беріңіз.', ru: 'Не удалось получить курсы: {reason}. Ничего не записано; повторите позже или передайте сохранённые файлы НБ РК через --rates.', en: 'The rates could not be fetched: {reason}. Nothing was written; try again later, or pass saved NBK files with --rates.' },
  unexpected: { kk: 'Күтпеген қате: {reason}. Ештеңе жазылған жоқ.', ru: 'Непредвиденная ошибка: {reason}. Ничего не записано.', en: 'Unexpected error: {reason}. Nothing was written.' },
};
