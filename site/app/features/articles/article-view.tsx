import { type ArticleListEntry, TitleList } from '~/components/article-list'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { Picture } from '~/components/picture'
import { formatDate, formatDateLong } from '~/lib/format'
import type { ArticleView as ArticleViewData } from './article-view.server'

type Neighbour = { title: string; slug: string } | null

export type ArticlePageProps = {
  article: ArticleViewData
  previous: Neighbour
  next: Neighbour
  related: ArticleListEntry[]
  share: { url: string; qrSvg: string } | null
  /** 点击量 at render time; null hides it (preview, or the counter did not answer in time). */
  views?: number | null
  /** Drafts previewed from the admin: no share box, no view count, a banner instead. */
  preview?: boolean
}

function Bylines({ article, views }: { article: ArticleViewData; views?: number | null }) {
  const { source, author } = article.bylines
  return (
    <p className="article-meta">
      {article.publishedAt ? (
        <span>
          <span className="visually-hidden">发布时间：</span>
          <time dateTime={article.publishedAt}>{formatDateLong(article.publishedAt)}</time>
        </span>
      ) : (
        <span>尚未发布</span>
      )}
      {source ? <span>来源：{source}</span> : null}
      {author ? <span>作者：{author}</span> : null}
      <span>
        全文约 {article.characters.toLocaleString('zh-CN')} 字，阅读约 {article.readingMinutes} 分钟
      </span>
      {typeof views === 'number' ? <span>阅读 {views.toLocaleString('zh-CN')} 次</span> : null}
    </p>
  )
}

function PolicyCard({ card }: { card: NonNullable<ArticleViewData['policyCard']> }) {
  return (
    <aside className="fact-card" aria-labelledby="policy-card-title">
      <h2 id="policy-card-title">政策原文信息</h2>
      <dl>
        {card.originalTitle ? (
          <div>
            <dt>原文标题</dt>
            <dd>{card.originalTitle}</dd>
          </div>
        ) : null}
        {card.documentNumber ? (
          <div>
            <dt>发文字号</dt>
            <dd>{card.documentNumber}</dd>
          </div>
        ) : null}
        {card.issuer ? (
          <div>
            <dt>发文机关</dt>
            <dd>{card.issuer}</dd>
          </div>
        ) : null}
        {card.issuedDate ? (
          <div>
            <dt>成文日期</dt>
            <dd>{card.issuedDate}</dd>
          </div>
        ) : null}
        {card.originalUrl ? (
          <div>
            <dt>原文链接</dt>
            <dd>
              <a href={card.originalUrl} rel="noopener noreferrer" target="_blank">
                查看政策原文<span className="visually-hidden">（在新窗口打开）</span>
              </a>
            </dd>
          </div>
        ) : null}
        {card.originalFile ? (
          <div>
            <dt>原文文件</dt>
            <dd>
              <a href={card.originalFile.href}>{card.originalFile.title}</a>（{card.originalFile.description}）
            </dd>
          </div>
        ) : null}
      </dl>
      <p className="fact-card-note">以上为所解读政策的原文信息，具体内容以发文机关正式发布的文件为准。</p>
    </aside>
  )
}

function ParkCard({ card }: { card: NonNullable<ArticleViewData['parkCard']> }) {
  return (
    <aside className="fact-card" aria-labelledby="park-card-title">
      <h2 id="park-card-title">园区概况</h2>
      <dl>
        {card.location ? (
          <div>
            <dt>所在地</dt>
            <dd>{card.location}</dd>
          </div>
        ) : null}
        {card.foundedDate ? (
          <div>
            <dt>成立时间</dt>
            <dd>{card.foundedDate}</dd>
          </div>
        ) : null}
        {card.focusIndustries.length ? (
          <div>
            <dt>重点产业</dt>
            <dd>{card.focusIndustries.join('、')}</dd>
          </div>
        ) : null}
        {card.contact ? (
          <div>
            <dt>联系方式</dt>
            <dd>{card.contact}</dd>
          </div>
        ) : null}
        {card.website ? (
          <div>
            <dt>园区网站</dt>
            <dd>
              <a href={card.website} rel="noopener noreferrer" target="_blank">
                {card.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                <span className="visually-hidden">（在新窗口打开）</span>
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
    </aside>
  )
}

function ShareBox({ share }: { share: NonNullable<ArticlePageProps['share']> }) {
  return (
    <section className="share-box" aria-labelledby="share-title">
      <h2 id="share-title">分享本文</h2>
      <div className="share-inner">
        <figure className="share-qr">
          {/* Generated on the server by `qrcode` from our own URL: markup we made, not editor input. */}
          <div dangerouslySetInnerHTML={{ __html: share.qrSvg }} />
          <figcaption>微信扫一扫，分享给朋友</figcaption>
        </figure>
        <div className="share-link">
          <label htmlFor="share-url">本文链接</label>
          <input id="share-url" type="url" readOnly value={share.url} />
          <div className="share-actions">
            <button type="button" className="button" data-copy-link={share.url} aria-controls="share-url" hidden>
              复制链接
            </button>
            <button type="button" className="button button-secondary" data-print hidden>
              打印本页
            </button>
          </div>
        </div>
      </div>
    </section>
  )
}

export function ArticlePage({ article, previous, next, related, share, views, preview = false }: ArticlePageProps) {
  return (
    <div className="wrap article-layout">
      {preview ? (
        <p className="preview-banner" role="status">
          预览模式：这是尚未发布的草稿，仅供编辑核对，请勿转发。
        </p>
      ) : null}
      <Breadcrumbs items={[{ label: article.sectionLabel, to: `/sections/${article.section}` }, { label: '正文' }]} />
      <article className="article" data-article-id={preview ? undefined : article.id}>
        <header className="article-header">
          <p className="article-section">
            <a href={`/sections/${article.section}`}>{article.sectionLabel}</a>
          </p>
          <h1>{article.title}</h1>
          {article.policyBanner ? (
            <p className={`policy-banner policy-${article.policyBanner.status}`} role="note">
              <strong>{article.policyBanner.status === 'repealed' ? '已废止' : '已修订'}</strong>{' '}
              {article.policyBanner.text}
              {article.policyBanner.replacement ? (
                <>
                  {' '}
                  <a href={article.policyBanner.replacement.href}>查看新的解读</a>
                </>
              ) : null}
            </p>
          ) : null}
          <Bylines article={article} views={views} />
          {article.topics.length ? (
            <ul className="chips" aria-label="所属专题">
              {article.topics.map((topic) => (
                <li key={topic.id}>
                  <a href={`/topics/${topic.slug}`}>{topic.name}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </header>
        <div data-readable>
          {article.summary ? <p className="article-summary">{article.summary}</p> : null}
          {article.hero ? (
            <figure className="article-hero">
              <Picture picture={article.hero} priority />
              {article.hero.caption ? <figcaption>{article.hero.caption}</figcaption> : null}
            </figure>
          ) : null}
          {article.policyCard ? <PolicyCard card={article.policyCard} /> : null}
          {article.replaces.length ? (
            <p className="policy-replaces">
              本解读取代了：
              {article.replaces.map((old, i) => (
                <span key={old.href}>
                  {i > 0 ? '、' : ''}
                  <a href={old.href}>《{old.title}》</a>
                </span>
              ))}
            </p>
          ) : null}
          {article.parkCard ? <ParkCard card={article.parkCard} /> : null}
          {/* The CMS's Lexical JSON converted and sanitised by renderRichTextHtml (rich-text.server.ts). */}
          <div className="prose" dangerouslySetInnerHTML={{ __html: article.html }} />
        </div>
        {article.attachments.length ? (
          <section className="attachments" aria-labelledby="attachments-title">
            <h2 id="attachments-title">附件</h2>
            <ul>
              {article.attachments.map((file) => (
                <li key={file.href}>
                  <a href={file.href}>{file.title}</a>
                  <span className="file-meta">（{file.description}）</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <footer className="article-footer" data-url={share?.url}>
          {article.bylines.editor ? <p>责任编辑：{article.bylines.editor}</p> : null}
          {article.publishedAt && formatDate(article.updatedAt) !== formatDate(article.publishedAt) ? (
            <p>
              更新于 <time dateTime={article.updatedAt}>{formatDateLong(article.updatedAt)}</time>
            </p>
          ) : null}
        </footer>
      </article>

      {share ? <ShareBox share={share} /> : null}

      {previous || next ? (
        <nav className="adjacent" aria-label="上一篇和下一篇">
          {previous ? (
            <p>
              <span>上一篇：</span>
              <a href={`/articles/${previous.slug}`} rel="prev">
                {previous.title}
              </a>
            </p>
          ) : null}
          {next ? (
            <p>
              <span>下一篇：</span>
              <a href={`/articles/${next.slug}`} rel="next">
                {next.title}
              </a>
            </p>
          ) : null}
        </nav>
      ) : null}

      {related.length ? (
        <section className="related" aria-labelledby="related-title">
          <h2 id="related-title" className="section-title">
            相关文章
          </h2>
          <TitleList articles={related} />
        </section>
      ) : null}
    </div>
  )
}
