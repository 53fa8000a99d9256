// A Node program as a user writes it: no init step. Prints the result as JSON.
import { nps } from "custometrics";

console.log(JSON.stringify(nps([10, 9, 8, 7, 6, 0, 10, 9])));
