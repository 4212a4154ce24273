import raw from '../../data/model-prices.json' with { type: 'json' };
import { type PriceTable, parsePriceTable } from './price-table.js';

/**
 * The price table shipped with deja (src/data/model-prices.json, copied to
 * dist/data by tsc because it is imported here). Validated once, at first use.
 */
let table: PriceTable | null = null;

export function defaultPriceTable(): PriceTable {
  table ??= parsePriceTable(raw);
  return table;
}
