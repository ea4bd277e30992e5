"""La familia de seguridad: el informe de la Secretaría Ejecutiva al Consejo General sobre la
coordinación interinstitucional en materia de seguridad (Quinto, Sexto y Séptimo informes de 2024).

Cada mes las 32 JLE envían un YAML con lo que hizo su mesa de coordinación; la DEOE agrega las
cifras, la historia de los acuerdos y la mesa federal. Aquí se declara la familia para el núcleo;
los módulos del paquete hacen el trabajo y se importan solo cuando hacen falta (validar no paga
pandoc ni matplotlib).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..familias import Familia, Preparado
from . import codigos  # noqa: F401  (registra los códigos de la familia)

# ranura → dónde aparece en el informe (docs/textos.md lo explica al analista)
RANURAS: dict[str, str] = {
    "presentacion": "1. Presentación, después del texto fijo de la institución",
    "antecedentes": "2. Antecedentes, después del texto fijo de la institución",
    "reuniones": "3. Reuniones de las mesas de coordinación, antes de 3.1",
    "federal": "3.1 Mesa federal, antes de la tabla de reuniones del periodo",
    "estatal": "3.2 Mesas estatales, antes de las cifras del periodo; sustituye la introducción de la plantilla (una sola introducción por apartado)",
    "temas": "3.2, análisis de los temas abordados, después de sus porcentajes",
    "acuerdos": "3.2, después de las cifras de acuerdos del periodo",
    "medidas": "4. Medidas adicionales, después de la tabla",
    "solicitudes": "5. Solicitudes de seguridad, después de las cifras",
}


@lru_cache(maxsize=1)
def _filas_cache() -> dict:
    """La historia son cientos de miles de acuerdos: InformeJLE viaja en la caché como fila posicional,
    derivada de sus campos (un campo nuevo del modelo llega a la caché sin tocar nada aquí)."""
    from ..filas import derivar
    from .modelo import InformeJLE

    return {"InformeJLE": ("J", *derivar(InformeJLE))}


class Seguridad(Familia):
    nombre = "seguridad"
    descripcion = "Informe sobre la coordinación interinstitucional en materia de seguridad"
    ejemplo = "ejemplos/demo"
    alteracion = ("2024-03/jle/colima.yaml", "estatus: Planeación", "estatus: Terminado", "estatus-desconocido")

    @property
    def filas_cache(self) -> dict:
        return _filas_cache()

    @property
    def clases(self) -> tuple[type, ...]:
        import dataclasses

        from . import modelo

        return tuple(c for c in vars(modelo).values() if isinstance(c, type) and dataclasses.is_dataclass(c))

    @property
    def plantillas(self) -> Path:
        from ..renderizar import PLANTILLAS_PAQUETE

        return PLANTILLAS_PAQUETE

    @property
    def figuras(self) -> dict:
        from .graficas import FIGURAS

        return FIGURAS

    def contexto(self, datos: Path | None):
        """Los catálogos con los alias del proceso.yaml de `datos` (sin carpeta: los de base)."""
        from .almacen import catalogos_de

        return catalogos_de(datos)

    def tipo_de_archivo(self, ruta: Path) -> str:
        nombre = ruta.name.lower()
        for tipo in ("periodo", "federal", "proceso"):
            if nombre in (f"{tipo}.yaml", f"{tipo}.yml"):
                return tipo
        return "jle"

    def cargar_bytes(self, datos: bytes, ruta: Path, nombre: str, tipo: str, contexto=None):
        from ..cargar import cargar_yaml
        from .lectura import interpretar

        return cargar_yaml(datos, ruta, nombre, tipo, interpretar,
                           "Empiece el archivo con «entidad: …» (vea `informe plantilla`).", contexto)

    def contexto_de_validacion(self, archivos: list[Path], datos: Path | None):
        # Los alias del proceso valen para todo lo que se valida: proceso.yaml de --datos, o el que venga entre los archivos.
        procesos = [r for r in archivos if r.name in ("proceso.yaml", "proceso.yml")]
        return self.contexto(procesos[0].parent if procesos else datos)

    def validar(self, archivos: list[Path], cargas: list, datos: Path | None, contexto=None) -> list:
        from .reglas import revisar

        return revisar(archivos, cargas, datos, contexto)

    def archivos_de_periodo(self, datos: Path, periodo: str) -> list[Path]:
        from .almacen import archivos_de_periodo

        return archivos_de_periodo(datos, periodo)

    def numero_de_periodo(self, datos: Path, periodo: str) -> int | None:
        from .almacen import periodo_de

        registro = periodo_de(datos, periodo)
        return getattr(registro, "numero", None)

    def preparar(self, datos: Path, periodo: str, cargas: dict) -> Preparado:
        from .informe import preparar

        return preparar(datos, periodo, cargas)

    def mostrar_resumen(self, resumen, consola) -> None:
        from .tablas import resumen_rich

        resumen_rich(resumen, consola)

    def comparar(self, datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
                 entidades: list[str] = (), sin_avance: int = 3, todos: bool = False) -> dict:
        import sqlite3

        from ..almacen import ids_de_periodo
        from .almacen import cargar_datos, catalogos_de
        from .diferencias import IndiceDanado, comparar, estados
        from .indice import descartar, en_memoria, entre_cortes

        ids = [p for p in ids_de_periodo(datos) if p <= hasta]
        # del índice de la historia: el corte de P2 suele partir del de P1 (y entonces basta leer uno)
        relacion = entre_cortes(datos_desde, desde, datos, hasta, catalogos_de(datos_desde), catalogos_de(datos), cargas)
        if relacion is not None:
            try:
                return comparar(*relacion, ids, desde, hasta, list(entidades), sin_avance, todos)
            except (IndiceDanado, sqlite3.Error):  # basura en el índice: se descartan sus cortes y se lee
                descartar(*relacion)
        posteriores = cargar_datos(datos, hasta=hasta, cargas_previas=cargas).periodos
        anteriores = posteriores if datos_desde == datos else \
            cargar_datos(datos_desde, hasta=desde, cargas_previas=cargas).periodos
        return comparar(*en_memoria(*estados(anteriores, posteriores, desde, hasta)), ids, desde, hasta,
                        list(entidades), sin_avance, todos)

    def mostrar_diff(self, resultado: dict, formato: str, consola) -> None:
        import sys

        from .diferencias import csv_texto, markdown
        from .tablas import diff_rich

        if formato == "csv":
            sys.stdout.write(csv_texto(resultado))
        elif formato == "md":
            sys.stdout.write(markdown(resultado))
        else:
            diff_rich(resultado, consola)

    def perdida(self, resultado: dict) -> str | None:
        n = len(resultado["desaparecidos"])
        return (f"{n} acuerdos de {resultado['desde']} ya no están en los datos de {resultado['hasta']} "
                "(pérdida de datos).") if n else None


FAMILIA = Seguridad()
