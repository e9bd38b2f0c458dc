build/src/cli/main.o: src/cli/main.c src/cli/cli.h src/base/status.h \
 src/layout/fonts.h
src/cli/cli.h:
src/base/status.h:
src/layout/fonts.h:
