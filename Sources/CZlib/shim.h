// zlib (https://zlib.net/manual.html): only the render test uses it, to inflate the IDAT stream of the
// PNG files headless Chromium writes (Tests/EndToEndTests/PNGImage.swift).
#include <zlib.h>
