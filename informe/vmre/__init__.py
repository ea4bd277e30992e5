"""La familia VMRE: el *Informe de avances* del Voto de las Mexicanas y los Mexicanos Residentes en el
Extranjero, mensual como el de seguridad, con otra forma: un glosario de siglas, secciones de
actividades y tablas estadísticas de las Solicitudes de Inscripción en la LNE-Extranjero.

Un corte vive en `<datos>/<AAAA-MM>/` (el mes en que se presenta): `corte.yaml` y las tablas CSV
(vea `lectura`). Aquí se declara la familia para el núcleo (`FAMILIA`), parte por parte
(docs/familias.md); este módulo no importa ninguno de su paquete: cada parte se nombra «módulo:nombre» y
se importa cuando hace falta.
"""

from __future__ import annotations

from ..familias import Comparacion, Familia, Informe, Archivos, Ordenes
from ..problemas import ADVERTENCIA, ERROR

# Los códigos de problema de la familia (docs/validacion.md los documenta; un test lo exige).
CODIGOS = {
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
    "vmre-errata": (ERROR, "Una errata de corte.yaml nombra una tabla que el corte no tiene, o su tabla no trae la "
                           "forma corregida o trae aún la publicada: la nota bajo la tabla diría algo falso."),
    "vmre-tabla-falta": (ERROR, "Falta una tabla del corte (el archivo no está, o en su lugar hay una carpeta): su apartado "
                                "saldría del informe sin aviso."),
}

FAMILIA = Familia(
    "vmre", "Informe de avances del Voto de los Mexicanos Residentes en el Extranjero", paquete=__name__,
    codigos=CODIGOS,
    archivos=Archivos(tipo="lectura:tipo_de_archivo", lector="lectura:cargar_bytes", modelo="lectura:CLASES",
                    tipo_periodo="corte"),
    reglas="reglas:REGLAS",
    informe=Informe(preparar="informe:preparar", figuras="graficas:FIGURAS", ranuras="estructura:RANURAS",
                    forma_textos="agregar:forma_textos", resumen="tablas:resumen_rich"),
    comparacion=Comparacion(comparar="diferencias:comparar", markdown="diferencias:markdown",
                            csv="diferencias:csv_texto", terminal="diferencias:rich", perdida="diferencias:perdida"),
    ordenes=Ordenes(importar="semilla:importar_corte"),
    ejemplo="ejemplos/vmre",
    alteracion=("2024-01/solicitudes_recibidas.csv", "Aguascalientes,492,117,375,", "Aguascalientes,492,117,376,",
                "vmre-desglose"),
)
