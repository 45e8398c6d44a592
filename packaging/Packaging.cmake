# CPack: a .deb with the executable, a .desktop entry and an icon.
