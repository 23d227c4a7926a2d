/** The workflows this worker runs (the bundle's entry point). */
export { registration } from './registration.ts';
