// bylaw-compile-child: the program an isolated Hyperscan compile starts
// (bylaw/compile_child.h). It serves one batch and ends; it takes no
// arguments and is not meant to be run by hand.
#include "bylaw/compile_child.h"

int main() { bylaw::RunCompileChild(); }
