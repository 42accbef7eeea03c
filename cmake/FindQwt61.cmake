# Locates Debian's Qwt 6.1 (libqwt-qt5-dev) and defines the imported target Qwt::Qwt.
# Debian ships no CMake config and its pkg-config file drags in Qt5Svg, so look
# the header and the library up directly and check the version string.
find_path(QWT_INCLUDE_DIR qwt_plot.h PATH_SUFFIXES qwt qwt-qt5 qwt6)
find_library(QWT_LIBRARY NAMES qwt-qt5 qwt6-qt5 qwt)
if(NOT QWT_INCLUDE_DIR OR NOT QWT_LIBRARY)
  message(FATAL_ERROR "Qwt 6.1 not found (apt-get install libqwt-qt5-dev)")
endif()
file(STRINGS "${QWT_INCLUDE_DIR}/qwt_global.h" _qwt_line REGEX "define[ \t]+QWT_VERSION_STR")
string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" QWT_VERSION_STRING "${_qwt_line}")
if(QWT_VERSION_STRING VERSION_LESS 6.1 OR NOT QWT_VERSION_STRING VERSION_LESS 6.2)
  message(FATAL_ERROR "PortScope needs Qwt 6.1.x, found ${QWT_VERSION_STRING}")
endif()
if(NOT TARGET Qwt::Qwt)
  add_library(Qwt::Qwt UNKNOWN IMPORTED)
  set_target_properties(Qwt::Qwt PROPERTIES
    IMPORTED_LOCATION "${QWT_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${QWT_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Qt5::Widgets)
endif()
message(STATUS "Qwt ${QWT_VERSION_STRING}: ${QWT_LIBRARY}")
