"""The version resource of PaperWealth.exe and paperwealth-cli.exe: what
Explorer shows under Properties → Details, and what SmartScreen and support
staff read. PyInstaller takes it as a text file in its VSVersionInfo format.
"""

from __future__ import annotations

import re


def numeric(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); a pre-release suffix ('1.2.0rc1') is dropped."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    if release is None:
        raise ValueError(f"not a version: {version!r}")
    parts = [int(p) for p in release.group().split(".")[:4]]
    return tuple(parts + [0] * (4 - len(parts)))  # type: ignore[return-value]


def version_file_text(version: str, *, description: str, internal_name: str) -> str:
    v = numeric(version)
    strings = {
        "CompanyName": "Paper Wealth",
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": internal_name,
        "LegalCopyright": "Paper Wealth",
        "OriginalFilename": f"{internal_name}.exe",
        "ProductName": "Paper Wealth",
        "ProductVersion": version,
    }
    string_structs = ",\n          ".join(f"StringStruct({k!r}, {val!r})" for k, val in strings.items())
    # 0x0409 US English, 1200 = Unicode (UTF-16) code page.
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
          {string_structs}])]),
    VarFileInfo([VarStruct('Translation', [0x0409, 1200])])
  ]
)
"""
