"""Cómo se lee un archivo de la familia VMRE: la parte de la familia que sus módulos usan.

Un módulo hoja del paquete (no importa a ninguno de los que lo usan): `LECTURA` lee con caché un corte,
una tabla o el proceso, y `informe.vmre.Vmre` es esta lectura más el resto de la familia.
"""

from __future__ import annotations

from pathlib import Path

from ..familias import Lectura


class LecturaVmre(Lectura):
    nombre = "vmre"

    @property
    def clases(self) -> tuple[type, ...]:
        from . import modelo

        return (modelo.Fila, modelo.Tabla, modelo.Actividad, modelo.Corte, modelo.ProcesoVmre)

    def tipo_de_archivo(self, ruta: Path) -> str:
        from .lectura import tipo_de_archivo

        return tipo_de_archivo(ruta)

    def cargar_bytes(self, datos: bytes, ruta: Path, nombre: str, tipo: str, contexto=None):
        from ..cargar import Carga, cargar_yaml
        from ..problemas import problema
        from .lectura import interpretar, leer_tabla

        if tipo in ("corte", "proceso"):
            return cargar_yaml(datos, ruta, nombre, tipo, interpretar,
                               "Empiece el archivo con «inicio: …» (vea docs/vmre.md).")
        if tipo == "desconocido":
            return Carga(nombre, tipo, None, [problema(
                nombre, None, None, "vmre-archivo-desconocido",
                f"«{ruta.name}» no es un archivo del formato de un corte VMRE.",
                "Los archivos de un corte son corte.yaml, las tablas de docs/vmre.md y textos/.")])
        return leer_tabla(datos, nombre, tipo)


LECTURA = LecturaVmre()
