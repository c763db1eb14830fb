// rule: reading a field through a nil pointer faults; the SIGSEGV handler turns it into a runtime error panic (signal_unix.go: sigpanic → panicmem), exit status 2
// env: GOMAXPROCS=1
// subset: part3 (pointers)
package main

import "fmt"

type Node struct {
	val  int
	next *Node
}

func last(n *Node) int {
	for n.next != nil {
		n = n.next
	}
	return n.val
}

func main() {
	a := &Node{val: 1, next: &Node{val: 2}}
	fmt.Println(last(a))
	var b *Node
	fmt.Println(last(b))
}
