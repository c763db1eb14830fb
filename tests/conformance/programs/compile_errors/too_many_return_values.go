// rule: too many return values is a compile error
package main

func f() {
	return 1
}

func main() {
	f()
}
