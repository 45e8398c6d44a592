# CPack: a .deb with the executable, a .desktop entry, the icon and the demo project.
include(GNUInstallDirs)

install(TARGETS gatehouse RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/gatehouse.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/gatehouse.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/gatehouse-256.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps RENAME gatehouse.png)
# The demo is compiled into the executable too; the installed copy is for people to read or
# open with --project (it is copied before being edited, as the window does on first run).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/demo/ DESTINATION ${CMAKE_INSTALL_DATADIR}/gatehouse/demo)

set(CPACK_PACKAGE_NAME gatehouse)
set(CPACK_PACKAGE_VENDOR "Gatehouse")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Local API Gateway and DynamoDB-compatible table engine with a desktop console")
set(CPACK_PACKAGE_DESCRIPTION
    "Gatehouse hosts, in one process, an API gateway that behaves like Amazon API Gateway and a table engine that speaks the DynamoDB JSON API on SQLite, with a Qt console to design APIs, browse tables and watch live traffic. Real AWS SDKs and the AWS CLI work against it unchanged.")
set(CPACK_PACKAGE_CONTACT "Gatehouse maintainers <maintainers@gatehouse.invalid>")
set(CPACK_PACKAGE_INSTALL_DIRECTORY gatehouse)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# dpkg-shlibdeps (dpkg-dev) derives the library packages from the binary's NEEDED entries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The xcb platform plugin is loaded at run time, so dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/gatehouse")
include(CPack)
