/** One sentence that names a mistake, at the position in the file where it is. */
export interface Explanation {
  line: number;
  column: number;
  message: string;
}
