/** The interface's texts. French only for now; `Messages` is the contract for other languages. */
import { fr, type Messages } from './fr.ts';

export const m: Messages = fr;

/** Dates in French, Paris time: the domain's rule (domain/french-dates.ts). */
export {
  frenchDate as formatDate,
  frenchDateTime as formatDateTime,
} from '../../../../domain/french-dates.ts';
