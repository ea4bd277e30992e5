"""La plantilla que llena cada JLE y lo que viaja con ella por correo: el esquema y las instrucciones."""

from __future__ import annotations

import json
from pathlib import Path

from . import catalogos as cat
from .almacen import cargar_datos, slug
from ..archivos import escribir_atomico
from .modelo import Periodo

ESQUEMA = "jle.schema.json"


def pendientes(estados: dict, entidad: str, catalogos: cat.Catalogos | None = None) -> list:
    """Acuerdos de la entidad que siguen abiertos (su estatus vigente no es terminal), en orden de id."""
    terminales = (catalogos or cat.BASE).terminales()
    return [e for e in sorted(estados.values(), key=lambda e: e.id)
            if e.entidad == entidad and e.estatus not in terminales]


def escribir_plantillas(datos: Path, periodo: Periodo, entidades: list[str], salida: Path,
                        por_carpeta: bool = False) -> list[Path]:
    """Por entidad, lo que viaja por correo: la plantilla, el JSON Schema que el editor necesita junto a
    ella y las instrucciones. Con `por_carpeta`, una carpeta por JLE (`salida/<entidad>/`), lista para
    adjuntarla completa. La historia se lee una sola vez."""
    from .almacen import DatosPeriodo, actualizar_mesas, cargar_proceso, catalogos_de, corte_de
    from .esquema import esquema_del_formulario, esquema_jle
    from .formulario_web import datos_del_formulario, html_formulario, nombre_formulario
    from .indice import al_corte, periodo_jle

    # los acuerdos abiertos antes del periodo, del índice (sin leer la historia) o leyendo; las mesas,
    # también con lo que ya se haya recibido del periodo
    contexto = catalogos_de(datos)
    proceso = cargar_proceso(datos)  # sus severidades: el formulario decide lo mismo que validar
    corte = al_corte(datos, periodo.id, contexto, incluido=False)
    if corte is not None:
        actual = periodo_jle(datos, periodo.id, contexto)
    else:
        periodos = cargar_datos(datos, hasta=periodo.id).periodos
        corte = corte_de(periodos.values(), periodo.id, incluido=False)
        actual = periodos.get(periodo.id, DatosPeriodo(periodo.id))
    estados, mesas = corte.estados, corte.mesas
    actualizar_mesas(mesas, actual)
    esquema = esquema_jle(contexto)
    escritos = []
    for abreviatura in entidades:
        carpeta = salida / slug(abreviatura) if por_carpeta else salida
        destino = carpeta / nombre_plantilla(abreviatura, periodo.id)
        abiertos = pendientes(estados, abreviatura, contexto)
        escribir_atomico(destino, texto_plantilla(abreviatura, periodo, abiertos, mesas.get(abreviatura), contexto))
        # el formulario web, junto a la plantilla: lo primero que las instrucciones ofrecen
        pagina = carpeta / nombre_formulario(abreviatura, periodo.id)
        escribir_atomico(pagina, html_formulario(datos_del_formulario(
            abreviatura, periodo, abiertos, {"temas": TEMA_DE_EJEMPLO, "medidas": MEDIDA_DE_EJEMPLO},
            mesas.get(abreviatura), contexto, proceso)))
        instrucciones = carpeta / f"instrucciones-{slug(abreviatura)}-{periodo.id}.txt"
        escribir_atomico(instrucciones, texto_instrucciones(abreviatura, periodo, len(abiertos), contexto))
        if por_carpeta or not escritos:  # el de su formulario: su entidad, su periodo, sus fechas
            propio = esquema_del_formulario(esquema, abreviatura, periodo)
            escribir_atomico(carpeta / ESQUEMA, json.dumps(propio, ensure_ascii=False, indent=2) + "\n")
            escritos.append(carpeta / ESQUEMA)
        escritos += [destino, pagina, instrucciones]
    return escritos


def nombre_plantilla(abreviatura: str, periodo: str) -> str:
    return f"{slug(abreviatura)}-{periodo}.yaml"


def texto_instrucciones(entidad: str, periodo: Periodo, abiertos: int, catalogos: cat.Catalogos | None = None) -> str:
    """El texto que acompaña a la plantilla en el correo a la JLE: qué llenar, cómo revisarlo, qué devolver."""
    from ..lengua import enumerar
    from ..renderizar import rango_fechas

    import textwrap

    from .formulario_web import nombre_formulario

    e = cat.POR_ABREVIATURA[entidad]
    archivo = nombre_plantilla(entidad, periodo.id)
    pagina = nombre_formulario(entidad, periodo.id)
    seguimiento = (f"La plantilla ya trae los {abiertos} acuerdos de informes anteriores que siguen abiertos en "
                   f"{e.corto}: cambie solo el estatus de los que avanzaron y deje los demás como están."
                   if abiertos else "No hay acuerdos de informes anteriores abiertos: la sección queda vacía.")
    secciones = [
        ("", [f"Junta Local Ejecutiva en {e.corto}",
              f"{cat.ordinal(periodo.numero)} informe de coordinación en materia de seguridad · periodo {periodo.id}",
              f"Periodo que se informa: {rango_fechas(periodo.inicio, periodo.fin)}."]),
        ("Qué contiene este envío", [
            f"- {pagina}: el formulario. Se abre con doble clic en cualquier navegador, sin internet ni "
            "instalar nada.",
            f"- {archivo}: el archivo que la JLE devuelve. El formulario lo escribe; también se puede llenar a "
            "mano con un editor de texto.",
            f"- {ESQUEMA}: la descripción del formato, para quien llena {archivo} a mano con un editor que la "
            "use; déjelo en la misma carpeta.",
            "- Este texto."]),
        ("Cómo llenarlo con el formulario (recomendado)", [
            f"Abra {pagina}, conteste cada sección y pulse «Guardar archivo»: descarga {archivo}, que es lo que "
            "se devuelve. El formulario marca lo que falta o no corresponde y no guarda un informe con errores. "
            "Para seguir otro día, «Abrir archivo» carga lo guardado."]),
        ("Cómo llenarlo a mano", [
            f"1. Abra {archivo} con un editor de texto. Con Visual Studio Code y la extensión «YAML» (Red Hat), el "
            "editor marca en español cada valor que no corresponde y ofrece los valores del catálogo.",
            "2. No cambie «entidad» ni «periodo». Los comentarios (líneas que empiezan con «#») explican cada sección.",
            "3. Reuniones del periodo con su fecha, modalidad, asistentes y temas; «reuniones: []» si no hubo.",
            f"4. Acuerdos tomados en el periodo, con su estatus ({enumerar((catalogos or cat.BASE).nombres(), 'o')}). "
            "No escriba identificadores: la DEOE los asigna al recibir el archivo.",
            f"5. {seguimiento}",
            "6. Medidas adicionales de seguridad acordadas con el OPL, si las hubo."]),
        ("Qué devolver", [
            f"El archivo {archivo}, lleno (el que descarga «Guardar archivo», o el mismo archivo editado a mano), "
            "como adjunto: no la página del formulario, ni pegado en el cuerpo del correo, ni convertido a Word o PDF. La DEOE responde con un acuse: recibido, o la lista de lo que hay que corregir con su "
            "número de línea. Si hay que corregir algo, corrija el mismo archivo y reenvíelo."]),
    ]
    lineas: list[str] = []
    for titulo, parrafos in secciones:
        lineas += ([""] if lineas else []) + ([titulo] if titulo else [])
        for parrafo in parrafos:
            sangria = " " * (parrafo.index(" ") + 1) if parrafo[:1] in "-123456789" else ""
            lineas.append(textwrap.fill(parrafo, width=78, subsequent_indent=sangria, break_on_hyphens=False))
    return "\n".join(lineas) + "\n"


def _valores_de_catalogo(campo, catalogos: dict, prefijo: str = "") -> list[str]:
    """«modalidad: presencial | virtual | híbrida», por cada campo de catálogo dentro de `campo`."""
    salida = []
    for h in campo.campos:
        if h.tipo in catalogos:
            salida.append(f"{prefijo}{h.nombre}: {' | '.join(catalogos[h.tipo][0])}.")
        salida += _valores_de_catalogo(h, catalogos, f"{prefijo}{h.nombre}.")
    return salida


def como_llenarlo(catalogos: cat.Catalogos | None = None) -> list[str]:
    """La ayuda de la plantilla, de `formato.JLE`: la ayuda de cada sección y los valores de sus catálogos."""
    import textwrap

    from .formato import JLE, catalogos as catalogos_del_formato

    valores = catalogos_del_formato(catalogos)
    lineas = ["# Cómo llenarlo:"]
    for c in JLE.campos:
        if not c.ayuda:
            continue
        texto = f"{c.nombre}: {c.ayuda}" if c.tipo == "lista" else c.ayuda
        lineas += textwrap.wrap(texto, width=78, initial_indent="# - ", subsequent_indent="#   ",
                                break_on_hyphens=False, break_long_words=False)
        lineas += [f"#   {linea}" for linea in _valores_de_catalogo(c, valores)]  # uno por renglón: se copian de ahí
        for h in (h for h in c.campos if h.ayuda):  # un campo de sus elementos con ayuda propia (formato.py)
            lineas += textwrap.wrap(f"{c.nombre}.{h.nombre}: {h.ayuda}", width=78, initial_indent="#   ",
                                    subsequent_indent="#     ", break_on_hyphens=False, break_long_words=False)
    lineas += textwrap.wrap("Mientras escribe, el editor marca lo que no corresponde. Al recibir el archivo, la "
                            "DEOE le responde con un acuse: lo que se registró o, línea por línea, lo que hay que "
                            "corregir.", width=78, initial_indent="# ", subsequent_indent="# ",
                            break_on_hyphens=False, break_long_words=False)
    return lineas


# Los textos de los ejemplos comentados de la plantilla. Un ejemplo que se descomenta sin cambiarlo no es
# un dato: `validar` lo rechaza (ejemplo-sin-cambiar), igual que su reunión con 0 asistentes.
TEMA_DE_EJEMPLO = "Tema tratado en la reunión."
MEDIDA_DE_EJEMPLO = "Medida adicional de seguridad."
TEXTOS_DE_EJEMPLO = frozenset({TEMA_DE_EJEMPLO, MEDIDA_DE_EJEMPLO})


def _estatus_de_ejemplo(catalogos: cat.Catalogos | None) -> str:
    """El de una medida que sigue en curso: el más avanzado de los que no son terminales («En proceso»)."""
    return max((e for e in (catalogos or cat.BASE).reportables() if not e.terminal), key=lambda e: e.orden).nombre


def _ejemplo(informe) -> list[str]:
    """Una sección de ejemplo, comentada, escrita por el mismo serializador que guarda los archivos."""
    from .serializar import yaml_jle

    return [f"# {linea}" for linea in yaml_jle(informe, solo=("reuniones", "medidas")).splitlines()]


# La línea de los acuerdos de una plantilla sin llenar: `recibir` la busca para no dar por entregado el
# formulario que vuelve tal como se envió
MARCA_SIN_LLENAR = "# sustituya [] por la lista de acuerdos del periodo"


def texto_plantilla(entidad: str, periodo: Periodo, pendientes_: list, mesa_conocida=None,
                    catalogos: cat.Catalogos | None = None) -> str:
    import textwrap

    from .modelo import InformeJLE, Medida, Reunion, Tema

    e = cat.POR_ABREVIATURA[entidad]
    lineas = [
        f"# yaml-language-server: $schema={ESQUEMA}",
        # el servidor de lenguaje YAML avisa en inglés si no encuentra el esquema: se explica antes
        "# Esa primera línea es para el editor. Si avisa «Unable to load schema»,",
        f"# falta {ESQUEMA} en esta carpeta: el archivo se llena igual, pero el",
        "# editor no lo revisa mientras se escribe.",
        f"# Informe mensual de la JLE de {e.corto}",
        f"# {cat.ordinal(periodo.numero)} informe de coordinación en materia de seguridad, periodo {periodo.id}",
        f"# Periodo que se informa: del {periodo.inicio.isoformat()} al {periodo.fin.isoformat()} (fecha de corte).",
        "#",
        *como_llenarlo(catalogos),
        f"entidad: {json.dumps(e.corto, ensure_ascii=False)}",
        f"periodo: {periodo.id}",
    ]
    if mesa_conocida is not None and mesa_conocida.instalada is not None:
        # lo que la historia sabe: una mesa instalada sigue instalada, con su fecha
        lineas.append(f"mesa:\n  instalada: {mesa_conocida.instalada.isoformat()}  # reportada en un informe anterior")
    else:
        # sin respuesta no hay dato: un «null» de fábrica diría «no se ha incorporado» sin que nadie lo dijera
        antes = " (en el informe anterior: aún no incorporada)" if mesa_conocida is not None else ""
        lineas += [f"# Mesa de Coordinación de la entidad{antes}: quite los «#» de las dos líneas siguientes",
                   "# y escriba la fecha en que la JLE se incorporó, o null si aún no se incorpora.",
                   "# mesa:", "#   instalada: AAAA-MM-DD"]
    lineas += _ejemplo(InformeJLE("", entidad, periodo.id, reuniones=[
        Reunion(periodo.fin, cat.modalidades()[0], 0, [Tema(cat.tipos_tema()[0], TEMA_DE_EJEMPLO, 0)], 0)]))
    lineas.append(f"acuerdos: []  {MARCA_SIN_LLENAR}, si los hubo")
    if pendientes_:
        lineas.append("seguimiento:")
        for p in pendientes_:
            # el texto entero, partido entre palabras: cortado a media palabra la JLE no sabe de qué acuerdo se trata
            lineas += textwrap.wrap(" ".join(p.descripcion.split()), width=78, initial_indent="  # ",
                                    subsequent_indent="  # ", break_on_hyphens=False, break_long_words=False)
            if p.estatus is None:  # no se inventa un estatus: la JLE lo indica si lo conoce
                lineas.append("  # Sin estatus reportado: quite los «#» de las líneas de abajo e indíquelo.")
                lineas.append(f"  # - acuerdo: {p.id}\n  #   estatus: ")
            else:
                lineas.append(f"  - acuerdo: {p.id}")
                lineas.append(f"    estatus: {p.estatus}  # estatus vigente")
    else:
        lineas.append("seguimiento: []  # no hay acuerdos anteriores abiertos")
    lineas += _ejemplo(InformeJLE("", entidad, periodo.id,
                                  medidas=[Medida(MEDIDA_DE_EJEMPLO, _estatus_de_ejemplo(catalogos), 0)]))
    return "\n".join(lineas) + "\n"
