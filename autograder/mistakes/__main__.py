import sys

from autograder.mistakes import main

sys.exit(main())
