import * as migration_20261127_030132_initial from './20261127_030132_initial';
import * as migration_20261127_033054_subscriptions from './20261127_033054_subscriptions';
import * as migration_20261127_040000_search_index from './20261127_040000_search_index';
import * as migration_20261127_050000_list_indexes from './20261127_050000_list_indexes';

export const migrations = [
  {
    up: migration_20261127_030132_initial.up,
    down: migration_20261127_030132_initial.down,
    name: '20261127_030132_initial',
  },
  {
    up: migration_20261127_033054_subscriptions.up,
    down: migration_20261127_033054_subscriptions.down,
    name: '20261127_033054_subscriptions',
  },
  {
    up: migration_20261127_040000_search_index.up,
    down: migration_20261127_040000_search_index.down,
    name: '20261127_040000_search_index',
  },
  // Hand-written: composite indexes for lists at 100,000 articles (docs/decisions/006).
  {
    up: migration_20261127_050000_list_indexes.up,
    down: migration_20261127_050000_list_indexes.down,
    name: '20261127_050000_list_indexes',
  },
];
