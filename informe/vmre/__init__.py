"""La familia VMRE: el *Informe de avances* del Voto de las Mexicanas y los Mexicanos Residentes en el
Extranjero, mensual como el de seguridad, con otra forma: un glosario de siglas, secciones de
actividades y tablas estadísticas de las Solicitudes de Inscripción en la LNE-Extranjero.

Un corte vive en `<datos>/<AAAA-MM>/` (el mes en que se presenta): `corte.yaml` y las tablas CSV
(vea `lectura`). Aquí se declara la familia para el núcleo (`FAMILIA`): su lectura (`carga.LecturaVmre`,
que usan los módulos del paquete) y lo demás, que se importa cuando hace falta. Ningún módulo del
paquete importa este: la familia se pasa a quien la necesita.
"""

from __future__ import annotations

from pathlib import Path

from ..familias import Familia
from ..problemas import ADVERTENCIA, ERROR, registrar

from .carga import LecturaVmre
from .estructura import RANURAS

registrar({
    "vmre-entidad-desconocida": (ERROR, "Una fila de una tabla por entidad no es una entidad federativa."),
    "vmre-pais-desconocido": (ERROR, "Un país no está en el catálogo de países del paquete."),
    "vmre-total-columna": (ERROR, "La fila TOTAL no es la suma de las filas en una columna."),
    "vmre-desglose": (ERROR, "Un desglose de una fila (medio, tipo de credencial, modalidad, sexo) no suma su TOTAL."),
    "vmre-excede-recibidas": (ERROR, "Las solicitudes que cumplen requisitos superan a las recibidas."),
    "vmre-pais-suma": (ERROR, "Las celdas por entidad de un país no suman su TOTAL (o lo superan)."),
    "vmre-pais-columna": (ERROR, "La columna de una entidad en la tabla por país no cuadra con la tabla por entidad."),
    "vmre-decrece": (ADVERTENCIA, "Una cifra acumulada es menor que la del corte anterior."),
    "vmre-identidad": (ERROR, "Dos cifras que cuentan lo mismo en tablas distintas no coinciden (recibidas = "
                              "análisis + clarificación; análisis = cumplen + subsane + en procesamiento)."),
    "vmre-publicado-difiere": (ADVERTENCIA, "Una cifra que el informe publicado da en su texto no es la que "
                                            "resulta de sus tablas (se muestra aunque la discrepancia esté registrada)."),
    "vmre-seccion-desconocida": (ERROR, "Una actividad se asigna a una sección que el informe no tiene."),
    "vmre-archivo-desconocido": (ERROR, "Un archivo de la carpeta de un corte no es de ninguno de los tipos del formato."),
    "vmre-tabla-falta": (ERROR, "Falta una tabla del corte (el archivo no está, o en su lugar hay una carpeta): su apartado "
                                "saldría del informe sin aviso."),
}, "vmre")


class Vmre(LecturaVmre, Familia):
    descripcion = "Informe de avances del Voto de los Mexicanos Residentes en el Extranjero"
    ranuras = RANURAS
    tipo_periodo = "corte"
    piezas = {"preparar": "informe:preparar", "figuras": "graficas:FIGURAS", "mostrar_resumen": "tablas:resumen_rich",
              "diff_csv": "diferencias:csv_texto", "diff_markdown": "diferencias:markdown",
              "diff_rich": "diferencias:rich", "importar": "semilla:importar_corte",
              "reglas": "reglas:REGLAS", "forma_textos": "agregar:forma_textos"}
    ejemplo = "ejemplos/vmre"
    alteracion = ("2024-01/solicitudes_recibidas.csv", "Aguascalientes,492,117,375,", "Aguascalientes,492,117,376,",
                  "vmre-desglose")

    def comparar(self, datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
                 entidades: list[str] = ()) -> dict:
        from .diferencias import comparar

        return comparar(self, datos, datos_desde, desde, hasta, cargas, list(entidades))

    def perdida(self, resultado: dict) -> str | None:
        if resultado["desaparecidas"]:
            return (f"{len(resultado['desaparecidas'])} filas del corte {resultado['desde']} ya no están en "
                    f"{resultado['hasta']}: {', '.join(resultado['desaparecidas'][:5])}.")
        return None


FAMILIA = Vmre()
