// rule: structs, pointers and new/&T{} build linked lists and trees; package-level variables hold them (the GC's roots)
// env: GOMAXPROCS=1
// subset: part3 (structs, pointers)
package main

import "fmt"

type Node struct {
	val  int
	next *Node
}

type Tree struct {
	left, right *Tree
	key         int
	name        string
}

var list *Node
var root *Tree

func insert(t *Tree, key int, name string) *Tree {
	if t == nil {
		return &Tree{key: key, name: name}
	}
	if key < t.key {
		t.left = insert(t.left, key, name)
	} else {
		t.right = insert(t.right, key, name)
	}
	return t
}

func walk(t *Tree) {
	if t == nil {
		return
	}
	walk(t.left)
	fmt.Print(t.key, ":", t.name, " ")
	walk(t.right)
}

func depth(t *Tree) int {
	if t == nil {
		return 0
	}
	l, r := depth(t.left), depth(t.right)
	if l > r {
		return l + 1
	}
	return r + 1
}

func main() {
	for i := 1; i <= 5; i++ {
		list = &Node{val: i, next: list}
	}
	for n := list; n != nil; n = n.next {
		fmt.Print(n.val, " ")
	}
	fmt.Println()
	// reverse in place
	var prev *Node
	for n := list; n != nil; {
		next := n.next
		n.next = prev
		prev, n = n, next
	}
	list = prev
	for n := list; n != nil; n = n.next {
		fmt.Print(n.val, " ")
	}
	fmt.Println()
	keys := []int{50, 30, 70, 20, 40, 60, 80, 35}
	names := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	for i := 0; i < len(keys); i++ {
		root = insert(root, keys[i], names[i])
	}
	walk(root)
	fmt.Println()
	fmt.Println("depth", depth(root))
	p := new(Node)
	p.val = 7
	q := *p
	q.val++
	fmt.Println(p.val, q.val, p.next == nil)
	s := Tree{key: 1}
	t := s
	t.key = 2
	ps := &s
	ps.name = "s"
	fmt.Println(s.key, t.key, s.name, t.name == "")
}
