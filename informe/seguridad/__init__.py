"""La familia de seguridad: el informe de la Secretaría Ejecutiva al Consejo General sobre la
coordinación interinstitucional en materia de seguridad (Quinto, Sexto y Séptimo informes de 2024).

Cada mes las 32 JLE envían un YAML con lo que hizo su mesa de coordinación; la DEOE agrega las
cifras, la historia de los acuerdos y la mesa federal. Aquí se declara la familia para el núcleo
(`FAMILIA`): su lectura (`carga.LecturaSeguridad`, que usan los módulos del paquete) y lo demás, que
se importa solo cuando hace falta (validar no paga pandoc ni matplotlib). Ningún módulo del paquete
importa este: la familia se pasa a quien la necesita.
"""

from __future__ import annotations

from pathlib import Path

from ..familias import Familia
from . import codigos  # noqa: F401  (registra los códigos de la familia)
from .apartados import RANURAS
from .carga import LecturaSeguridad


class Seguridad(LecturaSeguridad, Familia):
    descripcion = "Informe sobre la coordinación interinstitucional en materia de seguridad"
    ranuras = RANURAS
    tipo_periodo = "periodo"
    piezas = {"preparar": "informe:preparar", "figuras": "graficas:FIGURAS", "mostrar_resumen": "tablas:resumen_rich",
              "diff_csv": "diferencias:csv_texto", "diff_markdown": "diferencias:markdown", "diff_rich": "tablas:diff_rich",
              "reglas": "reglas:REGLAS", "forma_textos": "agregar:forma_textos"}
    ejemplo = "ejemplos/demo"
    alteracion = ("2024-03/jle/colima.yaml", "estatus: Planeación", "estatus: Terminado", "estatus-desconocido")

    @property
    def plantillas(self) -> Path:
        """La primera familia: sus plantillas son la raíz de las del paquete (las de las demás, subcarpetas)."""
        from ..renderizar import PLANTILLAS_PAQUETE

        return PLANTILLAS_PAQUETE

    def contexto_de_validacion(self, archivos: list[Path], datos: Path | None):
        # Los alias del proceso valen para todo lo que se valida: proceso.yaml de --datos, o el que venga entre los archivos.
        procesos = [r for r in archivos if r.name in ("proceso.yaml", "proceso.yml")]
        return self.contexto(procesos[0].parent if procesos else datos)

    def archivos_de_periodo(self, datos: Path, periodo: str) -> list[Path]:
        from .almacen import archivos_de_periodo

        return archivos_de_periodo(datos, periodo)

    def numero_de_periodo(self, datos: Path, periodo: str) -> int | None:
        from .almacen import periodo_de

        registro = periodo_de(datos, periodo)
        return getattr(registro, "numero", None)

    def comparar(self, datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
                 entidades: list[str] = (), sin_avance: int = 3, todos: bool = False) -> dict:
        import sqlite3

        from ..almacen import ids_de_periodo
        from .almacen import cargar_datos, catalogos_de
        from .diferencias import IndiceDanado, comparar, estados
        from .indice import descartar, en_memoria, entre_cortes

        ids = [p for p in ids_de_periodo(datos) if p <= hasta]
        catalogos_desde, catalogos = catalogos_de(datos_desde), catalogos_de(datos)
        unidos = catalogos.unidos(catalogos_desde)  # un estatus que solo conoce la otra carpeta también es fila
        # del índice de la historia: el corte de P2 suele partir del de P1 (y entonces basta leer uno)
        relacion = entre_cortes(datos_desde, desde, datos, hasta, catalogos_desde, catalogos, cargas)
        if relacion is not None:
            try:
                return comparar(*relacion, ids, desde, hasta, list(entidades), sin_avance, todos, unidos)
            except (IndiceDanado, sqlite3.Error):  # basura en el índice: se descartan sus cortes y se lee
                descartar(*relacion)
        posteriores = cargar_datos(datos, hasta=hasta, cargas_previas=cargas).periodos
        anteriores = posteriores if datos_desde == datos else \
            cargar_datos(datos_desde, hasta=desde, cargas_previas=cargas).periodos
        return comparar(*en_memoria(*estados(anteriores, posteriores, desde, hasta)), ids, desde, hasta,
                        list(entidades), sin_avance, todos, unidos)

    def perdida(self, resultado: dict) -> str | None:
        n = len(resultado["desaparecidos"])
        return (f"{n} acuerdos de {resultado['desde']} ya no están en los datos de {resultado['hasta']} "
                "(pérdida de datos).") if n else None

    def importar(self, ruta: Path, datos: Path, periodo: str, reemplazar: bool = False, tabla: str = "acuerdos",
                 etiquetas: str = "arriba"):
        """Un anexo publicado (DOCX o texto con tabuladores) a datos/PERIODO/jle/, un archivo por entidad."""
        from .importar import importar

        return importar(ruta, datos, periodo, tabla, reemplazar, etiquetas)

    def mostrar_importacion(self, resultado, titulo: str, consola) -> bool:
        from .ordenes import mostrar_importacion

        return mostrar_importacion(resultado, titulo, consola)

    def ordenes(self, app) -> None:
        from .ordenes import registrar

        registrar(app)

    def describir_faltantes(self, faltantes: list[tuple[str, str]], periodo: str, datos: Path) -> tuple[str, str]:
        from .ordenes import describir_faltantes

        return describir_faltantes(faltantes, periodo, datos)


FAMILIA = Seguridad()
