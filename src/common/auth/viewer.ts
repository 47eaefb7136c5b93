import { StaffRole } from './roles';

/** The authenticated staff user of a request, loaded from the database on every request. */
export interface Viewer {
  userId: string;
  email: string;
  role: StaffRole;
  /** Schools with a membership active today. */
  schoolIds: string[];
}
