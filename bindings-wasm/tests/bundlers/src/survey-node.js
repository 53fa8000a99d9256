// A Node program on the light entry custometrics/survey: no init step. Prints the result as JSON.
import { nps } from "custometrics/survey";

console.log(JSON.stringify(nps([10, 9, 8, 7, 6, 0, 10, 9])));
