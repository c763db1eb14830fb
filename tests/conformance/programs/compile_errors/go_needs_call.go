// rule: a go statement needs a function call; "go f" without parentheses is an error
package main

func work() {}

func main() {
	go work
}
