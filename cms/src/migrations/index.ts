import * as migration_20261127_030132_initial from './20261127_030132_initial';
import * as migration_20261127_033054_subscriptions from './20261127_033054_subscriptions';
import * as migration_20261127_040000_search_index from './20261127_040000_search_index';
import * as migration_20261127_050000_list_indexes from './20261127_050000_list_indexes';
import * as migration_20261127_073947_review_and_audit from './20261127_073947_review_and_audit';
import * as migration_20261127_080136_policy_lifecycle from './20261127_080136_policy_lifecycle';
import * as migration_20261204_013149_object_storage from './20261204_013149_object_storage';
import * as migration_20261204_020000_search_memory_index from './20261204_020000_search_memory_index';
import * as migration_20261204_050301_imports from './20261204_050301_imports';

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
  {
    up: migration_20261127_050000_list_indexes.up,
    down: migration_20261127_050000_list_indexes.down,
    name: '20261127_050000_list_indexes',
  },
  {
    up: migration_20261127_073947_review_and_audit.up,
    down: migration_20261127_073947_review_and_audit.down,
    name: '20261127_073947_review_and_audit',
  },
  {
    up: migration_20261127_080136_policy_lifecycle.up,
    down: migration_20261127_080136_policy_lifecycle.down,
    name: '20261127_080136_policy_lifecycle',
  },
  {
    up: migration_20261204_013149_object_storage.up,
    down: migration_20261204_013149_object_storage.down,
    name: '20261204_013149_object_storage',
  },
  {
    up: migration_20261204_020000_search_memory_index.up,
    down: migration_20261204_020000_search_memory_index.down,
    name: '20261204_020000_search_memory_index',
  },
  {
    up: migration_20261204_050301_imports.up,
    down: migration_20261204_050301_imports.down,
    name: '20261204_050301_imports'
  },
];
