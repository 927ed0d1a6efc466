// Command linkmatch scores and optimally matches link carers to children in
// residential children's homes, and turns each link into a dated, costed
// step-down plan. Run "linkmatch help" for the commands.
package main

import "os"

func main() {
	os.Exit(entry(os.Args[1:], runWith))
}
