// Command app uses lib.
package main

import (
	"fmt"

	"example.com/mod/lib"
)

// Exported in a main package: never listed.
func Exported() {}

func main() { fmt.Println(lib.Used(lib.Option{Verbose: true}).Level) }
