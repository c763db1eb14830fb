// rule: the builtins print/println write to stderr with their own formatting; fmt.Print/Println/Printf write to stdout (print.go: printstring, printint; fmt)
// env: GOMAXPROCS=1
package main

import "fmt"

func main() {
	n := 42
	ok := true
	s := "text"
	println("println:", n, ok, s)
	print("print:", n, ok, s, "\n")
	fmt.Println("fmt.Println:", n, ok, s)
	fmt.Print("fmt.Print:", n, ok, s, "\n")
	fmt.Printf("fmt.Printf: %d %t %s %q %v|\n", n, ok, s, s, n)
	println(-7, false, "")
}
