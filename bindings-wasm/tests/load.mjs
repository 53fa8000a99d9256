// The package as a Node user imports it (the "node" export condition initialises the module).
import * as cm from "custometrics";

export default cm;
