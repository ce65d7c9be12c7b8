export * from './departments.ts';
export * from './doctrines.ts';
export * from './months.ts';
export * from './presence-list.ts';
export * from './presences.ts';
export * from './regions.ts';
export * from './services.ts';
export * from './tasks.ts';
