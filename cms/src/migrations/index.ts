import * as migration_20261127_030132_initial from './20261127_030132_initial';

export const migrations = [
  {
    up: migration_20261127_030132_initial.up,
    down: migration_20261127_030132_initial.down,
    name: '20261127_030132_initial'
  },
];
