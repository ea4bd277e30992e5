"""Qué apartados lleva el informe de un periodo, con qué número, y qué omite y por qué.

Un apartado sin datos en su periodo no se escribe: ni en el cuerpo ni en el índice, y los que siguen se
numeran sin hueco. `validar` avisa de cada omisión (`apartado-omitido`) y las notas de captura las
listan: el informe dice lo que se sabe y calla lo que no, pero el analista sabe qué calló.

Un periodo reconstruido de los anexos publicados (`origen: anexos`) se compila como el documento que se
publicó: su Anexo 1 (y, si lo trae, la tabla de reuniones de la Mesa de Seguridad Electoral).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ranura de texto del analista → dónde aparece en el informe (docs/textos.md lo explica al analista)
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

# (clave, título, nivel, ranuras de texto del analista que lo sostienen por sí solas)
CUERPO = (
    ("presentacion", "Presentación", 1, ()),
    ("antecedentes", "Antecedentes", 1, ()),
    ("reuniones", "Reuniones de las mesas de coordinación", 1, ("reuniones",)),
    ("federal", "Mesa de Coordinación a nivel federal", 2, ("federal",)),
    ("estatal", "Mesas de Coordinación a nivel estatal", 2, ("estatal", "temas", "acuerdos")),
    ("medidas", "Medidas adicionales de seguridad implementadas en las entidades federativas", 1, ("medidas",)),
    ("solicitudes", "Solicitudes de seguridad de candidaturas", 1, ("solicitudes",)),
)

# figuras del apartado estatal que el informe publicado trae y que solo se dibujan con filas por entidad
FIGURAS = {
    "imagen1": "la Imagen «Fechas de instalación de las Mesas de Coordinación»",
    "grafica1": "la Gráfica «Relación entre número de asistentes y reuniones»",
    "grafica2": "la Gráfica «Número y modalidad de sesiones por entidad»",
}


@dataclass
class Apartados:
    numero: dict[str, str] = field(default_factory=dict)  # clave → «3.1»
    indice: list[tuple[str, str, int]] = field(default_factory=list)  # (número, título, nivel)
    omitidos: list[tuple[str, str, str]] = field(default_factory=list)  # (qué, por qué, cómo incluirlo)
    solo_anexo: bool = False
    ultimo: int = 0  # número del último apartado de nivel 1 (los anexos del índice siguen desde ahí)


def _hay_estatal(r) -> bool:
    return any(v is not None for v in (r.mesas["instaladas"], r.reuniones["total"], r.temas["porcentajes"],
                                      r.acuerdos["total"], r.acuerdos_anteriores["total"]))


SUGERENCIAS = {
    "federal": "Capture las reuniones federales del periodo en federal.yaml («reuniones»; «[]» si no hubo).",
    "estatal": "Reciba los archivos de las JLE o capture las cifras publicadas en periodo.yaml («publicado»).",
    "medidas": "Si alguna JLE implementó medidas, deben venir en su archivo («medidas»).",
    "solicitudes": "Capture las solicitudes del periodo en federal.yaml («solicitudes»).",
}


def _motivo(clave: str, r) -> str:
    if clave == "federal":
        return ("no hay federal.yaml del periodo" if r.federal_archivo is None
                else "federal.yaml no trae las reuniones del periodo («reuniones»)")
    if clave == "solicitudes":
        return ("no hay federal.yaml del periodo" if r.federal_archivo is None
                else "federal.yaml no trae las solicitudes de seguridad de candidaturas («solicitudes»)")
    if clave == "medidas":
        return "ninguna JLE reportó medidas adicionales («medidas») en el periodo"
    if clave == "estatal":
        return "ninguna JLE reportó su mesa, reuniones ni acuerdos, y el periodo no tiene cifras publicadas"
    return "no tiene datos ni texto del analista"


def calcular(r, ranuras: set[str] = frozenset()) -> Apartados:
    """Los apartados del informe de `r` (agregar.Resumen) y lo omitido; `ranuras`: textos del analista."""
    a = Apartados()
    if r.origen == "anexos":
        a.solo_anexo = True
        motivo = ("el periodo se reconstruyó de los anexos publicados (origen: anexos): se compila como su "
                  "Anexo 1, el documento que se publicó")
        a.omitidos.append(("el cuerpo del informe (apartados 1 a 5)", motivo,
                           "Si se publicó el informe completo, capture sus cifras y textos y use origen: informe."))
        return a
    datos = {
        "presentacion": True,
        "antecedentes": True,
        "federal": r.federal is not None,
        "estatal": _hay_estatal(r),
        "medidas": r.medidas["total"] is not None,
        "solicitudes": r.solicitudes is not None and r.solicitudes.get("recibidas") is not None,
    }
    incluido = {clave: datos.get(clave, False) or any(s in ranuras for s in sostienen)
                for clave, _, _, sostienen in CUERPO}
    incluido["reuniones"] = incluido["reuniones"] or incluido["federal"] or incluido["estatal"]
    n1 = n2 = 0
    for clave, titulo, nivel, _ in CUERPO:
        if not incluido[clave]:
            if clave != "reuniones":
                a.omitidos.append((f"el apartado «{titulo}»", _motivo(clave, r), SUGERENCIAS[clave]))
            continue
        if nivel == 1:
            n1, n2 = n1 + 1, 0
            numero = str(n1)
        else:
            n2 += 1
            numero = f"{n1}.{n2}"
        a.numero[clave] = numero
        a.indice.append((numero, titulo, nivel))
    a.ultimo = n1
    if incluido["estatal"]:
        a.omitidos += _figuras_sin_filas(r)
    return a


def _figuras_sin_filas(r) -> list[tuple[str, str, str]]:
    """Las figuras del apartado estatal cuya cifra se conoce solo en agregado: no hay filas que graficar."""
    por_entidad = {"imagen1": r.mesas.get("fechas"), "grafica1": r.reuniones.get("asistentes"),
                   "grafica2": r.reuniones.get("por_entidad")}
    con_cifra = {"imagen1": r.mesas["instaladas"], "grafica1": r.reuniones["total"], "grafica2": r.reuniones["total"]}
    return [(que, "las fuentes dan la cifra en agregado, sin filas por entidad que graficar",
             "La figura aparece cuando los archivos de las JLE traen esas filas.")
            for clave, que in FIGURAS.items() if con_cifra[clave] is not None and not por_entidad[clave]]
