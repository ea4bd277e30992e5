"""La familia de seguridad: el informe de la Secretaría Ejecutiva al Consejo General sobre la
coordinación interinstitucional en materia de seguridad (Quinto, Sexto y Séptimo informes de 2024).

Cada mes las 32 JLE envían un YAML con lo que hizo su mesa de coordinación; la DEOE agrega las
cifras, la historia de los acuerdos y la mesa federal. Aquí se declara la familia para el núcleo
(`FAMILIA`), parte por parte (docs/familias.md). Este módulo no importa ninguno de su paquete: cada parte
se nombra «módulo:nombre» y se importa cuando hace falta (validar no paga pandoc ni matplotlib), y los
módulos del paquete toman `FAMILIA` de aquí sin formar un ciclo.
"""

from __future__ import annotations

from ..familias import Comparacion, Familia, Informe, Archivos, Ordenes
from ..problemas import ADVERTENCIA, AVISAR_AL_COMPILAR, ERROR

# Los códigos de problema de la familia. Son estables: las JLE y los scripts de la DEOE dependen de ellos.
# Se documentan en docs/validacion.md (un test lo exige).
CODIGOS = {
    "entidad-desconocida": (ERROR, "La entidad no está en el catálogo."),
    "estatus-desconocido": (ERROR, "El estatus no está en el catálogo."),
    "catalogo-duplicado": (ERROR, "proceso.yaml agrega al catálogo un nombre, alias, orden o abreviatura que ya tiene otro estatus."),
    "alias-de-otra-entidad": (ERROR, "Un alias de `catalogos.entidades` es el nombre, la abreviatura, la clave o un alias de otra entidad: el envío de una se archivaría como el de la otra."),
    "catalogo-invalido": (ERROR, "proceso.yaml agrega al catálogo un estatus con un atributo inválido (color, abreviatura, estilo o nombre reservado)."),
    "estatus-faltante": (ADVERTENCIA, "Un acuerdo o medida no reporta estatus: se contará como «Sin estatus»."),
    "modalidad-desconocida": (ERROR, "La modalidad no está en el catálogo."),
    "tema-desconocido": (ERROR, "El tipo de tema no está en el catálogo."),
    "fecha-posterior": (ERROR, "La fecha es posterior al corte del periodo."),
    "fecha-anterior": (ADVERTENCIA, "La fecha es anterior al inicio del periodo (reporte tardío)."),
    "fecha-desordenada": (ADVERTENCIA, "Una fecha es anterior a la de la fila previa."),
    "federal-fuera-de-periodo": (ADVERTENCIA, "Una reunión federal es anterior al inicio del periodo: el informe no la lista."),
    "periodo-invalido": (ERROR, "El periodo no tiene el formato AAAA-MM."),
    "importar-incompleto": (ERROR, "Una importación se interrumpió: algunas entidades del anexo pueden faltar."),
    "periodo-incompleto": (ERROR, "Una carpeta de periodo no tiene periodo.yaml (p. ej., `periodo nuevo` se interrumpió)."),
    "periodo-distinto": (ERROR, "El periodo del archivo no coincide con su carpeta."),
    "periodo-desconocido": (ADVERTENCIA, "No se encontró periodo.yaml: no se revisan las fechas contra el periodo."),
    "origen-desconocido": (ERROR, "El origen del periodo no es «jle» (entrega de las 32 JLE), «informe» (reconstruido de un informe publicado) ni «anexos» (reconstruido de sus anexos publicados)."),
    "periodo-serie": (ERROR, "Los periodos no forman una serie: número repetido, fechas traslapadas o más de un último."),
    "asistentes-invalido": (ERROR, "El número de asistentes no es un entero no negativo escrito sin ceros a la izquierda."),
    "entidad-duplicada": (ERROR, "Dos archivos del mismo periodo son de la misma entidad."),
    "entidades-varias": (ERROR, "Un archivo recibido trae los informes de más de una entidad (varios documentos separados por ---)."),
    "reenvio-pendiente": (ADVERTENCIA, "La JLE envió un reenvío que quitaría datos y espera confirmación: se usa su archivo anterior."),
    "formulario-sin-llenar": (ERROR, "El archivo recibido es la plantilla tal como se envió, sin datos del periodo."),
    "id-invalido": (ERROR, "El identificador de acuerdo no corresponde a la entidad y periodo del archivo."),
    "id-duplicado": (ERROR, "Dos acuerdos tienen el mismo identificador."),
    "seguimiento-desconocido": (ERROR, "El seguimiento se refiere a un acuerdo que no existe en periodos anteriores."),
    "seguimiento-otra-entidad": (ERROR, "El seguimiento se refiere a un acuerdo de otra entidad."),
    "seguimiento-duplicado": (ERROR, "El mismo acuerdo aparece dos veces en el seguimiento."),
    "estatus-retroceso": (ADVERTENCIA, "El estatus de un acuerdo retrocede respecto del último reportado."),
    "acuerdo-repetido": (ADVERTENCIA, "El mismo texto de acuerdo aparece dos veces en el archivo."),
    "publicado-no-cuadra": (ERROR, "Las cifras publicadas en agregado no cuadran entre sí o con las filas de las JLE."),
    "ejemplo-sin-cambiar": (ERROR, "Un texto es el ejemplo de la plantilla, sin cambiar: no es un dato."),
    "asistentes-cero": (ERROR, "Una reunión tiene 0 asistentes: no hubo reunión o falta el número."),
    "reuniones-sin-mesa": (ERROR, "La JLE reporta reuniones, pero su mesa dice que no se ha incorporado."),
    "mesa-sin-respuesta": (ADVERTENCIA, "La JLE reporta reuniones sin contestar «mesa», y ningún informe anterior registra su instalación."),
    "apartado-omitido": (ADVERTENCIA, "El informe no incluirá un apartado o una figura: no hay datos que lo sostengan en su periodo."),
    "solicitudes-no-cuadran": (ADVERTENCIA, "Las solicitudes canalizadas no suman las recibidas."),
}

# el informe usaría el archivo anterior de esa JLE: compilar lo dice, no solo lo cuenta
AVISAR_AL_COMPILAR.add("reenvio-pendiente")

FAMILIA = Familia(
    "seguridad", "Informe sobre la coordinación interinstitucional en materia de seguridad", paquete=__name__,
    codigos=CODIGOS,
    archivos=Archivos(extensiones=(".yaml", ".yml"), tipo="almacen:tipo_de_archivo", lector="almacen:cargar_bytes",
                    modelo="almacen:CLASES", filas_cache="almacen:filas_cache", contexto="almacen:catalogos_de",
                    contexto_de_validacion="almacen:contexto_de_validacion",
                    archivos_de_periodo="almacen:archivos_de_periodo", numero_de_periodo="almacen:numero_de_periodo",
                    tipo_periodo="periodo"),
    reglas="reglas:REGLAS",
    # la primera familia: sus plantillas son la raíz de las del paquete (las de las demás, subcarpetas)
    informe=Informe(preparar="informe:preparar", plantillas=".", figuras="graficas:FIGURAS", ranuras="apartados:RANURAS",
                    forma_textos="agregar:forma_textos", resumen="tablas:resumen_rich",
                    faltantes="ordenes:describir_faltantes"),
    comparacion=Comparacion(comparar="diferencias:comparar_carpetas", markdown="diferencias:markdown",
                            csv="diferencias:csv_texto", terminal="tablas:diff_rich", perdida="diferencias:perdida"),
    ordenes=Ordenes(registrar="ordenes:registrar", importar="importar:importar",
                    mostrar_importacion="ordenes:mostrar_importacion"),
    ejemplo="ejemplos/demo",
    alteracion=("2024-03/jle/colima.yaml", "estatus: Planeación", "estatus: Terminado", "estatus-desconocido"),
)
